"""Mistakes a new user made in a trial (issue 11): each gets a message that says what is wrong."""

from __future__ import annotations

import textwrap

from compiler.pipeline import compile_spec


def _report(write_spec, text: str):  # type: ignore[no-untyped-def]
    return compile_spec(write_spec(textwrap.dedent(text))).report.sorted()


def test_result_path_on_a_choice_names_the_fields_a_choice_takes(write_spec) -> None:  # type: ignore[no-untyped-def]
    found = _report(write_spec, """\
        version: 1
        state_machines:
          main:
            states:
              Pick:
                type: choice
                result_path: $.x
                choices:
                  - variable: $.a
                    string_equals: b
                    next: Done
                default: Done
              Done:
                type: succeed
                result_path: $.y
        """)
    assert [(d.code, d.span.line) for d in found] == [("S201", 7), ("S201", 15)]
    choice, succeed = found
    assert choice.hint is not None and "did you mean" not in choice.hint
    assert "a choice state does not take 'result_path'" in choice.hint and "choices" in choice.hint
    assert succeed.hint is not None and "a succeed state does not take 'result_path'" in succeed.hint


def test_an_unknown_field_no_state_takes_still_gets_did_you_mean(write_spec) -> None:  # type: ignore[no-untyped-def]
    (found,) = _report(write_spec, """\
        version: 1
        state_machines:
          main:
            states:
              Done:
                type: succeed
                outptu_path: $.y
        """)
    assert found.hint == "did you mean 'output_path'?"


def test_a_long_state_name_gets_a_length_hint(write_spec) -> None:  # type: ignore[no-untyped-def]
    name = "Validate the incoming order and reserve stock in every warehouse of the region now"
    name += "x" * (90 - len(name))
    (found,) = _report(write_spec, f"""\
        version: 1
        state_machines:
          main:
            states:
              {name}:
                type: succeed
        """)
    assert found.code == "E314" and "90 characters" in found.message
    assert found.hint is not None and "80 characters" in found.hint and "letters" not in found.hint


def test_a_de_indented_retry_is_explained_in_plain_words(write_spec) -> None:  # type: ignore[no-untyped-def]
    (found,) = _report(write_spec, """\
        version: 1
        state_machines:
          main:
            states:
              Call:
                type: task
                resource: arn:aws:states:::dynamodb:updateItem
                parameters:
                  TableName: t
            retry:
              - errors: [States.ALL]
              Done:
                type: succeed
        """)
    assert (found.code, found.span.line) == ("Y100", 12)
    assert "block collection" not in found.message and "'?'" not in found.message
    assert "line 10" in found.message and "indented less than the mapping it seems to belong to" in found.message
    assert found.hint is not None and "8 spaces" in found.hint


def test_a_key_between_two_indentation_levels(write_spec) -> None:  # type: ignore[no-untyped-def]
    (found,) = _report(write_spec, """\
        version: 1
        state_machines:
          main:
            states:
              Call:
                type: pass
             next: Done
        """)
    assert found.code == "Y100" and "indented 5 spaces" in found.message


def test_an_unquoted_expression_cut_by_a_comment_is_a_warning(write_spec) -> None:  # type: ignore[no-untyped-def]
    found = _report(write_spec, """\
        version: 1
        state_machines:
          main:
            query_language: jsonpath   # a spec keyword with a comment is not an expression
            states:
              Mark:
                type: task
                resource: arn:aws:states:::dynamodb:updateItem
                parameters:
                  TableName: t   # a comment after a name is fine
                  UpdateExpression: SET #s = :failed
                  ConditionExpression: "attribute_exists(#s)"  # quoted
                  Key: {id: {S: x}}
        """)
    assert [(d.code, d.span.line) for d in found] == [("W410", 11)]
    assert "'SET'" in found[0].message
