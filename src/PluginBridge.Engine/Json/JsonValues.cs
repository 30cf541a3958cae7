using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PluginBridge.Engine.Json;

/// <summary>Making JSON values from FileMaker values, and comparing them.</summary>
static partial class JsonValues
{
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    public static JsonNode String(string s) => JsonValue.Create(s);

    public static JsonNode Bool(bool b) => JsonValue.Create(b);

    /// <summary>JSON.CreateNumber: a number keeps the digits it was written with; empty is null; "123,5" (decimal
    /// comma) is read as 123.5 with six decimals, as MBS's own example shows.</summary>
    public static JsonNode? Number(string text)
    {
        var s = text.Trim();
        if (s.Length == 0) return null;
        if (JsonNumber().IsMatch(s)) return JsonNode.Parse(s);
        if (double.TryParse(s.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d))
            return JsonNode.Parse(d.ToString("F6", CultureInfo.InvariantCulture));
        throw new MbsException(
            $"\"{Shorten(s)}\" is not a number. Pass digits with an optional minus sign and decimal point.");
    }

    public static JsonNode? Integer(string text)
    {
        var n = Number(text);
        if (n is null) return null;
        var raw = JsonText.NumberText((JsonValue)n);
        if (!raw.Contains('.') && !raw.Contains('e') && !raw.Contains('E')) return n;
        return JsonNode.Parse(Math.Truncate(double.Parse(raw, CultureInfo.InvariantCulture))
            .ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>JSON.CreateValue / Add…Value…: a FileMaker number becomes a JSON number, anything else a
    /// string.</summary>
    public static JsonNode? FromValue(Value v) =>
        v.Type == Core.ValueType.Number && v.Text.Trim().Length > 0 ? Number(v.Text) : String(v.AsText());

    /// <summary>JSON.Equals: same type and value; object members in any order.</summary>
    public static bool Equal(JsonNode? a, JsonNode? b, bool byContent)
    {
        var ka = Kind(a);
        var kb = Kind(b);
        if (ka == JsonValueKind.Object && kb == JsonValueKind.Object)
        {
            var oa = (JsonObject)a!; var ob = (JsonObject)b!;
            if (oa.Count != ob.Count) return false;
            foreach (var (key, value) in oa)
                if (!ob.TryGetPropertyValue(key, out var other) || !Equal(value, other, byContent)) return false;
            return true;
        }
        if (ka == JsonValueKind.Array && kb == JsonValueKind.Array)
        {
            var aa = (JsonArray)a!; var ab = (JsonArray)b!;
            if (aa.Count != ab.Count) return false;
            for (var i = 0; i < aa.Count; i++)
                if (!Equal(aa[i], ab[i], byContent)) return false;
            return true;
        }
        if (ka == kb)
        {
            return ka switch
            {
                JsonValueKind.String => a!.GetValue<string>() == b!.GetValue<string>(),
                JsonValueKind.Number =>
                    SameNumber(JsonText.NumberText((JsonValue)a!), JsonText.NumberText((JsonValue)b!)),
                _ => true,
            };
        }
        // By content, a number and a string with that number are the same ("123" and 123).
        if (byContent && ka is JsonValueKind.String or JsonValueKind.Number && kb is JsonValueKind.String
            or JsonValueKind.Number)
            return SameNumber(JsonText.AsValue(a), JsonText.AsValue(b)) || JsonText.AsValue(a) == JsonText.AsValue(b);
        return false;
    }

    public static JsonValueKind Kind(JsonNode? n) => n?.GetValueKind() ?? JsonValueKind.Null;

    static bool SameNumber(string x, string y)
    {
        if (x == y) return true;
        return decimal.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var dx)
            && decimal.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var dy) && dx == dy;
    }

    /// <summary>A double for GetDoubleValue/GetIntegerValue: numbers, numeric strings and booleans; else 0.</summary>
    public static double ToDouble(JsonNode? n)
    {
        var text = Kind(n) switch
        {
            JsonValueKind.Number => JsonText.NumberText((JsonValue)n!),
            JsonValueKind.String => n!.GetValue<string>(),
            JsonValueKind.True => "1",
            _ => "0",
        };
        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
    }

    static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>One step of a path: the member of an object, or the item of an array at a decimal index.</summary>
    public static bool TryChild(JsonNode? node, string step, out JsonNode? child)
    {
        child = null;
        if (node is JsonObject o) return o.TryGetPropertyValue(step, out child);
        if (node is not JsonArray array
            || !int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || i >= array.Count)
            return false;
        child = array[i];
        return true;
    }
}
