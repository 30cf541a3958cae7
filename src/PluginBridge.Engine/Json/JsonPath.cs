using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PluginBridge.Engine.Json;

/// <summary>
/// MBS's path syntax for JSON.GetPathItem / SetPathItem / GetArrayPathItems: a ¶-list of steps (object key or
/// array index: "people¶0¶last"), or, since MBS 12.4, FileMaker's JSONGetElement syntax ("people[0].last",
/// "['best.friend']"). A last step "#" on an array gives its size; "append" or "[+]" adds to an array when setting.
/// </summary>
static class JsonPath
{
    public readonly record struct Step(string Name, bool Bracket);

    public static List<Step> Parse(string path)
    {
        if (path.Contains('\r') || path.Contains('\n'))
            return path.Split(["\r\n", "\r", "\n"], StringSplitOptions.None).Select(s => new Step(s, false)).ToList();
        if (path.Length > 0 && (path[0] is '[' or '.' || path.Contains('[') || path.Contains('.')))
            return ParseFileMaker(path);
        return [new Step(path, false)];
    }

    // FileMaker syntax: name, .name, [index], ['name'], ["name"], [+] (append), [:] (last).
    static List<Step> ParseFileMaker(string path)
    {
        var steps = new List<Step>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.') { i++; continue; }
            if (path[i] == '[')
            {
                var close = i + 1;
                if (close < path.Length && path[close] is '\'' or '"')
                {
                    var quote = path[close];
                    var end = path.IndexOf(quote, close + 1);
                    if (end < 0 || end + 1 >= path.Length || path[end + 1] != ']') throw Bad(path);
                    steps.Add(new Step(path[(close + 1)..end], false));
                    i = end + 2;
                    continue;
                }
                var endBracket = path.IndexOf(']', i);
                if (endBracket < 0) throw Bad(path);
                steps.Add(new Step(path[(i + 1)..endBracket], true));
                i = endBracket + 1;
                continue;
            }
            var sb = new StringBuilder();
            while (i < path.Length && path[i] is not '.' and not '[') sb.Append(path[i++]);
            steps.Add(new Step(sb.ToString(), false));
        }
        return steps;
    }

    static MbsException Bad(string path) => new(
        $"Invalid JSON path \"{path}\". Use a ¶-list of keys and indexes or FileMaker's syntax, e.g. people[0].last.");

    /// <summary>The node at the path; "#" as last step on an array gives its size as a number node.</summary>
    public static JsonNode? Get(JsonNode? root, List<Step> steps, string pathText)
    {
        var node = root;
        for (var s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
            switch (node)
            {
                case JsonObject o when o.TryGetPropertyValue(step.Name, out var child):
                    node = child;
                    break;
                case JsonArray a when step.Name == "#" && s == steps.Count - 1:
                    return JsonNode.Parse(a.Count.ToString(CultureInfo.InvariantCulture));
                case JsonArray a when Index(step.Name, a.Count, forSet: false) is { } idx && idx < a.Count:
                    node = a[idx];
                    break;
                default:
                    throw new MbsException(
                        $"JSON path not found: \"{pathText.Replace('\r', '¶')}\" (at \"{step.Name}\").");
            }
        }
        return node;
    }

    /// <summary>Sets the value at the path, creating missing objects and arrays (MBS 9.2+). Returns the new
    /// root.</summary>
    public static JsonNode? Set(JsonNode? root, List<Step> steps, JsonNode? value)
    {
        if (steps.Count == 0) return value;
        root ??= NewContainerFor(steps[0]);
        var node = root;
        for (var s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
            var last = s == steps.Count - 1;
            JsonNode? next;
            switch (node)
            {
                case JsonObject o:
                    if (last) { o[step.Name] = value; return root; }
                    if (!o.TryGetPropertyValue(step.Name, out next) || next is not (JsonObject or JsonArray))
                        o[step.Name] = next = NewContainerFor(steps[s + 1]);
                    break;
                case JsonArray a:
                    var idx = Index(step.Name, a.Count, forSet: true)
                        ?? throw new MbsException(
                            $"\"{step.Name}\" is not an array index. Pass a number, append or [+].");
                    while (a.Count <= idx) a.Add(null);
                    if (last) { a[idx] = value; return root; }
                    next = a[idx];
                    if (next is not (JsonObject or JsonArray)) a[idx] = next = NewContainerFor(steps[s + 1]);
                    break;
                default:
                    throw new MbsException($"Cannot set \"{step.Name}\": the value there is not an object or array.");
            }
            node = next;
        }
        return root;
    }

    static JsonNode NewContainerFor(Step next) =>
        next.Bracket || next.Name == "append"
            || int.TryParse(next.Name, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? new JsonArray() : new JsonObject();

    static int? Index(string name, int count, bool forSet)
    {
        if (forSet && name is "append" or "+") return count;
        if (name == ":") return count == 0 ? (forSet ? 0 : null) : count - 1;
        return int.TryParse(name.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
    }
}
