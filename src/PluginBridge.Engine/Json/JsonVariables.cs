using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Json;

/// <summary>
/// JSON.SetVariables and JSON.ClearVariables: the members of a JSON object as local $variables of the running
/// script. A plug-in sets variables only through FileMaker's calculation engine, so both build one
/// <c>Let ( [ $name = value ; … ] ; "" )</c> and hand it to the host's evaluate callback (pb_host.evaluate, ExprEnv
/// Evaluate in FileMaker), on the calling thread and without the JSON lock (the host may call back).
/// </summary>
static partial class JsonVariables
{
    /// <summary>MBS shortens variable names to 100 characters.</summary>
    const int MaxName = 100;

    // FileMaker names: letters, digits, underscore and dot; no spaces, operators, quotes or brackets.
    [GeneratedRegex(@"^[\p{L}\p{N}_.]+$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex PlainNumber();

    public static void Register(Registry r)
    {
        r.Add("JSON.SetVariables", "JSON { ; Prefix }", SetVariables);
        r.Add("JSON.ClearVariables", "VariableList", ClearVariables);
    }

    static Value SetVariables(Args a)
    {
        List<(string Name, string Literal)> assignments = [];
        lock (JsonFunctions.Gate)
        {
            var node = JsonRefs.Read(a, 0).Node;
            if (node is not JsonObject obj)
                throw new MbsException($"JSON.SetVariables needs a JSON object, got {JsonText.TypeName(node)}.");
            var prefix = a.Text(1);
            foreach (var (key, value) in obj)
                assignments.Add((Name(prefix + key), Literal(value)));
        }
        if (assignments.Count == 0) return Value.Empty;
        Evaluate("JSON.SetVariables", assignments);
        return Value.FromText(string.Join('\r', assignments.Select(x => x.Name)));
    }

    static Value ClearVariables(Args a)
    {
        const StringSplitOptions lines = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        var names = a.Text(0).Split(['\r', '\n'], lines)
            .Select(n => Name(n.StartsWith('$') ? n[1..] : n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count > 0) Evaluate("JSON.ClearVariables", names.Select(n => (n, "\"\"")).ToList());
        return Value.Ok;
    }

    /// <summary>"$" and the name, checked to be a name FileMaker accepts in a Let.</summary>
    static string Name(string name)
    {
        if (name.Length > MaxName) name = name[..MaxName];
        if (!ValidName().IsMatch(name))
            throw new MbsException($"\"{MbsException.Echo(name)}\" cannot be a FileMaker variable name: use letters, " +
                "digits, _ and . only (rename the JSON key or pass another Prefix).");
        return "$" + name;
    }

    /// <summary>The value as a FileMaker literal: numbers as numbers, strings as text, true/false as 1/0, null as
    /// empty, objects and arrays as their JSON text.</summary>
    static string Literal(JsonNode? value) => JsonValues.Kind(value) switch
    {
        JsonValueKind.Number => NumberLiteral(JsonText.NumberText((JsonValue)value!)),
        JsonValueKind.String => Expressions.Quote(value!.GetValue<string>()),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Object or JsonValueKind.Array => Expressions.Quote(JsonText.Print(value)),
        _ => "\"\"",
    };

    // FileMaker reads 12.5 as a number literal but no exponent (1E5), so such a number is written out in digits.
    static string NumberLiteral(string raw) => PlainNumber().IsMatch(raw) ? raw
        : double.Parse(raw, CultureInfo.InvariantCulture).ToString("0.############################",
            CultureInfo.InvariantCulture);

    static void Evaluate(string function, List<(string Name, string Literal)> assignments)
    {
        var sb = new StringBuilder("Let ( [ ");
        for (var i = 0; i < assignments.Count; i++)
        {
            if (i > 0) sb.Append(" ; ");
            sb.Append(assignments[i].Name).Append(" = ").Append(assignments[i].Literal);
        }
        sb.Append(" ] ; \"\" )");
        Expressions.Evaluate(function, sb.ToString());
    }
}
