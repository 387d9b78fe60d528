#!/usr/bin/python3
"""The layer check itself: on the fixture tree (tests/layers/fixture, layers core < top) it reports the one upward
include, of a header (core/low.hpp -> top/high.hpp), and none of the allowed ones (same layer, lower layer, local)."""
import io
import pathlib
import contextlib
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import check_layers  # noqa: E402


class check_layers_test(unittest.TestCase):
    def test_the_upward_include_of_the_fixture_is_reported_with_file_and_line(self):
        found, unknown = check_layers.upward_includes(HERE / "fixture")
        self.assertEqual(unknown, [])
        self.assertEqual([(str(f), n, h) for f, n, h, _, _ in found],
                         [("include/plastix/core/low.hpp", 2, "plastix/top/high.hpp")])

    def test_the_check_fails_and_names_the_offending_include(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = check_layers.main(["check_layers.py", str(HERE / "fixture")])
        self.assertEqual(status, 1)
        self.assertIn("include/plastix/core/low.hpp:2 -> plastix/top/high.hpp", out.getvalue())

    def test_the_order_is_read_from_the_layers_file_without_its_comments(self):
        self.assertEqual(check_layers.read_layers(HERE / "fixture"), {"core": 0, "top": 1})


if __name__ == "__main__":
    unittest.main()
