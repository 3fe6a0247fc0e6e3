"""The marker plugins use: ``from judgecheck.hookimpl import hookimpl``."""

import pluggy

hookimpl = pluggy.HookimplMarker("judgecheck")
