"""Session scripts: the YAML a facilitator writes, validated into a `Script`."""
from .loader import Problem, ScriptError, load_script, parse_script
from .model import THEMES, Script

__all__ = ["Problem", "Script", "ScriptError", "THEMES", "load_script", "parse_script"]
