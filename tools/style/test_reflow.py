#!/usr/bin/env python3
"""Checks of reflow.py: python3 tools/style/test_reflow.py"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reflow  # noqa: E402


def run(text):
    problems, data = [], []
    out, _ = reflow.reflow_text(text, 120, "x.cs", problems, data)
    return out, problems, data


class ReflowTests(unittest.TestCase):
    def test_breaks_after_a_comma_and_indents_four_more(self):
        line = "        Assert.Equal(" + '"' + "a" * 60 + '", ' + "Plugin.Call(" + '"' + "b" * 50 + '"));'
        out, problems, _ = run(line)
        first, second = out.split("\n")
        self.assertEqual(first, "        Assert.Equal(" + '"' + "a" * 60 + '",')
        self.assertEqual(second, "            Plugin.Call(" + '"' + "b" * 50 + '"));')
        self.assertEqual(problems, [])

    def test_splits_a_message_at_a_space(self):
        words = " ".join(["word"] * 30)
        out, _, _ = run(f'        throw new MbsException("{words}");')
        self.assertTrue(all(len(x) <= 120 for x in out.split("\n")))
        self.assertIn('" +\n', out)
        self.assertEqual(re.sub(r'" \+\n\s*"', "", out), f'        throw new MbsException("{words}");')

    def test_a_literal_before_a_member_is_put_in_parentheses(self):
        words = " ".join(["word"] * 30)
        out, _, _ = run(f'        var s = "{words}".Trim();')
        self.assertIn('("word', out)
        self.assertTrue(out.rstrip().endswith('").Trim();'))

    def test_is_idempotent(self):
        words = " ".join(["word"] * 40)
        once, _, _ = run(f'        log.Info($"{{x}} {words}", a, b); // why this is logged, said at some length')
        twice, _, _ = run(once)
        self.assertEqual(once, twice)

    def test_raw_string_content_is_data(self):
        long_line = "            " + "x" * 130
        text = '        var s = """\n' + long_line + '\n            """;'
        out, problems, data = run(text)
        self.assertEqual(out, text)
        self.assertEqual(problems, [])
        self.assertEqual(len(data), 1)

    def test_comments_wrap_at_spaces(self):
        out, _, _ = run("    /// " + " ".join(["doc"] * 40))
        self.assertTrue(all(x.startswith("    /// ") and len(x) <= 120 for x in out.split("\n")))

    def test_a_line_without_a_break_point_is_listed(self):
        line = "        var x = " + "y" * 120 + ";"
        out, problems, _ = run(line)
        self.assertEqual(out, line)
        self.assertEqual(len(problems), 1)


if __name__ == "__main__":
    unittest.main()
