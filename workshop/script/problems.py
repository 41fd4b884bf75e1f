"""Every message `workshop check` prints, in our own words, in one table.

Pydantic says what is wrong twice: as a machine-readable `type` with values in `ctx` (its
documented, stable API) and as an English `msg` (not API: the wording changes between
releases). The loader maps the type and the values to an entry here and never shows `msg`, so
a pydantic release cannot change what a facilitator reads, and the tests assert against this
table instead of against pydantic's prose. The model's own rules raise `rule(...)`: a
PydanticCustomError whose type and template are entries here too.
"""
from __future__ import annotations

from pydantic_core import PydanticCustomError

MESSAGES = {
    # --- the loader's own checks, before pydantic sees the data
    "unreadable": "cannot read the script: {reason}",
    "too_large": "the script is larger than {kb} KB",
    "empty": "the script is empty",
    "not_a_mapping": "a script is a mapping with title, language, description and sections",
    # PyYAML's problem text has no machine-readable type; it is quoted, with our hint after it.
    "yaml": "not valid YAML: {problem}{hint}",
    "yaml_unclosed": " (the '{bracket}' on line {line} is not closed)",
    "yaml_indentation": " (check the indentation of this line)",
    "duplicate_key": "key '{key}' appears twice (first on line {line})",
    "duplicate_id": "duplicate step id '{id}' (first used on line {line}); step ids must be unique",
    # --- how a message names the value it is about
    "field": "'{field}'",
    "item": "item {n} of '{list}'",
    "key_of": "a key of '{mapping}'",
    # --- pydantic's error types: each key is a pydantic `type` (listed in PYDANTIC_TYPES)
    "missing": "missing '{field}'",
    "extra_forbidden": "unknown key '{field}'; allowed here: {allowed}",
    "invalid_key": "unknown key {field}; allowed here: {allowed}",
    "union_tag_invalid": "unknown step kind {value}; kinds are {kinds}",
    "union_tag_not_found": "missing 'kind'; kinds are {kinds}",
    "literal_error": "{name} cannot be {value}; allowed: {allowed}",
    # The only pattern in the model is the one of step ids.
    "string_pattern_mismatch": "{name} {value} may use only letters, digits, '-' and '_'",
    # Every text in the model has min_length 1, so too short means empty.
    "string_too_short": "{name} must not be empty",
    "string_too_long": "{name} is too long ({length} characters; at most {max_length})",
    "too_short": "{name} needs at least {min_length} item(s)",
    "too_long": "{name} has {length} items; at most {max_length}",
    "greater_than": "{name} is {value}; it must be greater than {gt}",
    "greater_than_equal": "{name} is {value}; it must be greater than or equal to {ge}",
    "less_than_equal": "{name} is {value}; it must be less than or equal to {le}",
    "string_type": "{name} should be text, not {value}",
    "int_type": "{name} should be a whole number, not {value}",
    "int_parsing": "{name} should be a whole number, not {value}",
    "int_from_float": "{name} should be a whole number, not {value}",
    "float_type": "{name} should be a number, not {value}",
    "float_parsing": "{name} should be a number, not {value}",
    "bool_type": "{name} should be true or false, not {value}",
    "bool_parsing": "{name} should be true or false, not {value}",
    "dict_type": "{name} should be a mapping (lines of key: value), not {value}",
    "model_type": "{name} should be a mapping (lines of key: value), not {value}",
    "model_attributes_type": "{name} should be a mapping (lines of key: value), not {value}",
    "list_type": "{name} should be a list, not {value}",
    # --- refinements of the above
    "missing_for_kind": "missing '{field}' (required for {a_kind} step)",
    "no_value": "{name} has no value",
    "yaml_quotes": " (YAML reads yes/no/on/off and numbers as such; put the text in quotes)",
    # A pydantic type this table does not know yet: say where, never quote pydantic's msg.
    "invalid": "{name}: this value is not valid here ({type})",
    # --- the model's own rules (RULE_TYPES), raised by its validators through rule()
    "scale_order": "scale min {min} must be below max {max}",
    "scale_width": "scale {min}..{max} is too wide; at most 10 points apart",
    "choice_needs_options": "a {type} choice poll needs 'options': a list of 2 to 12 answers",
    "choice_option_count": "a choice poll needs 2 to 12 options, not {count}",
    "options_repeated": "options must be distinct",
    "options_unused": "a {type} poll has no 'options'",
    "max_choices_unused": "'max_choices' belongs to a multiple choice poll only",
    "max_choices_too_many": "max_choices {max_choices} is more than the {count} options",
    "scale_needed": "a scale poll needs 'scale: {min, max, min_label, max_label}'",
    "scale_unused": "a {type} poll has no 'scale'",
    "round_prompts": "round {n} needs one prompt per role: {roles} (has {has})",
    "check_in_id": "the check-in's id '{id}' is also a step's id; give it an id of its own",
    "approval_private": "a private reflection is never on the wall, so it has no 'approval'",
    "questions_value": "'questions' cannot be {value}; write always, off, or a list of step ids",
    "questions_unknown_step": "'questions' names step '{id}', which the script does not have",
    # --- warnings: the script is valid, but the room would notice (workshop check, exit 0)
    "warning": "warning: {message}",
    "no_help": "the script has no 'help' entries: on every phone the Help button would be "
               "empty; list where participants can find help (name, for, phone, web, hours)",
    "help_placeholder": "help entry {n} ('{name}') still has a placeholder ('[fill in …]'): "
                        "fill in the local details before the session",
    "projector_overflow": "step '{id}' does not fit the projector even in the smallest type "
                          "(it needs about {percent}% of the screen's height); shorten its "
                          "text or split it into two steps",
}

# The pydantic error types the loader turns into their own entry above; any other type gets
# "invalid". A test triggers each of them with a real script.
PYDANTIC_TYPES = (
    "missing", "extra_forbidden", "invalid_key", "union_tag_invalid", "union_tag_not_found",
    "literal_error", "string_pattern_mismatch", "string_too_short", "string_too_long",
    "too_short", "too_long", "greater_than", "greater_than_equal", "less_than_equal",
    "string_type", "int_type", "int_parsing", "int_from_float", "float_type", "float_parsing",
    "bool_type", "bool_parsing", "dict_type", "model_type", "model_attributes_type", "list_type",
)
# The types a value of the wrong type (or no value at all: `title:`) produces.
TYPE_ERRORS = frozenset(t for t in PYDANTIC_TYPES if t.endswith(("_type", "_parsing", "_from_float")))
RULE_TYPES = ("scale_order", "scale_width", "choice_needs_options", "choice_option_count",
              "options_repeated", "options_unused", "max_choices_unused", "max_choices_too_many",
              "scale_needed", "scale_unused", "round_prompts", "approval_private",
              "check_in_id", "questions_value", "questions_unknown_step")


def say(key: str, /, **values) -> str:
    """MESSAGES[key] with each `{name}` replaced by its value. The same substitution pydantic
    applies to a PydanticCustomError template (not str.format), so literal braces such as
    'scale: {min, max, …}' stay as they are and a rule's text is the same either way."""
    text = MESSAGES[key]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def rule(key: str, /, at: str = "", **values) -> PydanticCustomError:
    """The error a model validator raises for one of our rules. `at` is the dotted path of the
    field below the model where the mistake is ('options', 'rounds.0.prompts'), so the loader
    can point at that line rather than at the start of the step."""
    assert key in RULE_TYPES, key
    return PydanticCustomError(key, MESSAGES[key], {**{k: str(v) for k, v in values.items()}, "at": at})


def either(values) -> str:
    """'a', 'b' or 'c'."""
    quoted = [repr(v) for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
