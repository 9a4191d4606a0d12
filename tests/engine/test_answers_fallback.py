"""When no specific mistake fits, the feedback still says how far off the answer is."""

from mathforml.engine.answers import Matrix, Vector


def _codes_and_text(kind, typed, expected):
    judgement = kind.judge(kind.parse(typed), kind.normalize(expected))
    assert not judgement.correct
    return [f.code for f in judgement.feedback], " ".join(f.message for f in judgement.feedback)


def test_matrix_with_a_wrong_entry_in_every_row_counts_the_right_ones():
    codes, text = _codes_and_text(Matrix(), "[1, 9; 9, 4]", [[1, 2], [3, 4]])
    assert codes == ["entries"]
    assert "2 of the 4 entries are right" in text
    assert "row 1, column 2" in text


def test_matrix_with_nothing_right_says_so():
    codes, text = _codes_and_text(Matrix(), "[7, 7; 7, 7]", [[1, 2], [3, 4]])
    assert codes == ["entries"]
    assert "None of the 4 entries" in text


def test_vector_with_nothing_right_says_so():
    codes, _ = _codes_and_text(Vector(), "[7, 8, 9]", [1, 2, 4])
    assert codes == ["entries"]


def test_eigenvector_in_another_direction_says_it_is_not_a_multiple():
    codes, text = _codes_and_text(Vector(up_to_scale=True), "[1, 0]", [1, 1])
    assert codes == ["direction"]
    assert "multiple" in text
