#!/usr/bin/env python3
"""Writes cases.json for JsonSearchTests: each JMESPath expression evaluated by jmespath.py (the specification's
reference implementation, 1.1.0 here), an independent implementation to compare JSON.Search with.
Run from this folder: python3 make-cases.py. The tests read cases.json; they never run this."""
import json
import jmespath

people = {"people": [{"name": "Joe", "age": 30, "tags": ["a", "b"], "address": {"city": "Bonn"}},
                     {"name": "Anna", "age": 25, "tags": ["c"]},
                     {"name": "Tim", "age": 41, "tags": [], "address": {"city": "Köln"}},
                     {"name": "Ben", "age": None}],
          "count": 4, "empty": [], "nested": [[1, 2], [3, [4, 5]], 6], "obj": {"a": 1, "b": "two", "c": None},
          "locations": [{"name": "Seattle", "state": "WA"}, {"name": "New York", "state": "NY"},
                        {"name": "Bellevue", "state": "WA"}, {"name": "Olympia", "state": "WA"}],
          "weird key": {"x.y": 7}, "nums": [5, -2, 3.5, 0, 10], "strs": ["b", "a", "C", "ä"]}

expressions = [
    "people[0].name", "people[-1].name", "people[10]", "count", "missing", "missing.deeper", '"weird key"."x.y"',
    "people[*].name", "people[*].address.city", "people[].tags[]", "people[*].tags", "nested[]", "nested[][]",
    "obj.*", "obj.* | length(@)", "people[?age > `28`].name", "people[?age < `28` || name == 'Tim'].name",
    "people[?address].name", "people[?!address].name", "people[?age == null].name", "people[?tags == `[]`].name",
    "locations[?state == 'WA'].name | sort(@) | {WashingtonCities: join(', ', @)}",
    "people[:2].name", "people[1:].name", "people[::-1].name", "people[::2].name", "nums[-2:]", "nums[5:1:-2]",
    "people[*].[name, age]", "people[*].{n: name, c: address.city}", "people[0].[name, missing]", "missing.[a, b]",
    "length(people)", "length('héllo')", "length(obj)", "abs(`-3`)", "avg(nums)", "avg(empty)", "sum(nums)",
    "ceil(`1.2`)", "floor(`-1.2`)", "max(nums)", "min(nums)", "max(strs)", "min(empty)", "sort(nums)", "sort(strs)",
    "sort_by(people[?age != null], &age)[*].name", "max_by(people[?age != null], &age).name",
    "min_by(people[?age != null], &age).name", "map(&age, people)", "reverse(nums)", "reverse('abc')",
    "keys(obj)", "values(obj)", "merge(obj, `{\"a\": 9, \"d\": 4}`)", "not_null(missing, obj.c, count)",
    "contains(strs, 'a')", "contains('foobar', 'oba')", "starts_with(people[0].name, 'J')",
    "ends_with(people[0].name, 'x')", "to_array(count)", "to_array(nums)", "to_string(count)", "to_string(obj)",
    "to_number('12.5')", "to_number('abc')", "type(obj)", "type(people[0].age)", "type(`true`)", "type(missing)",
    "`{\"lit\": [1, 2]}`", "'raw string'", "@.count", "people[0] | name", "count > `3`", "count < `3` && `true`",
    "empty || 'fallback'", "obj.c && 'x'", "!empty", "people[?contains(tags, 'c')].name", "nums[?@ > `2`]",
    "people[*].address.city | [0]", "people[].name | [1:3]", "people[?age > `20`] | length(@)",
    "obj.b == 'two'", "'abc' < 'abd'", "nums[0] >= `5`",
    "people[", "length(`1`)", "foo(@)", "sort_by(people, &age)", "[1, 2", "a.`1`",
]

cases = []
for expr in expressions:
    try:
        cases.append({"expr": expr, "result": jmespath.search(expr, people)})
    except Exception as e:  # parse, type and unknown-function errors
        cases.append({"expr": expr, "error": type(e).__name__})
with open("cases.json", "w", encoding="utf-8") as f:
    json.dump({"data": people, "cases": cases}, f, ensure_ascii=False, indent=1)
    f.write("\n")
