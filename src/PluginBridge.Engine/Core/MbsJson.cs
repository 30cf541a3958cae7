using System.Globalization;
using System.Text;

namespace PluginBridge.Engine.Core;

/// <summary>
/// Writes JSON the way MBS prints it: spaces around ':' and ',' — { "Host" : "127.0.0.1" , "Port" : 9999 }.
/// Scripts parse it with JSONGetElement, so the spacing is cosmetic, but matching output helps users compare.
/// </summary>
public sealed class MbsJson
{
    readonly StringBuilder sb = new();
    // One entry per open object/array: has it had a member yet?
    readonly Stack<bool> hasMember = new();
    bool afterKey;

    public MbsJson BeginObject() { ValuePrefix(); sb.Append('{'); hasMember.Push(false); return this; }
    public MbsJson EndObject() { sb.Append(hasMember.Pop() ? " }" : " }"); return this; }
    public MbsJson BeginArray() { ValuePrefix(); sb.Append('['); hasMember.Push(false); return this; }
    public MbsJson EndArray() { sb.Append(hasMember.Pop() ? " ]" : "]"); return this; }

    public MbsJson Key(string name)
    {
        sb.Append(hasMember.Peek() ? " , " : " ");
        hasMember.Pop(); hasMember.Push(true);
        AppendString(name);
        sb.Append(" : ");
        afterKey = true;
        return this;
    }

    public MbsJson String(string value) { ValuePrefix(); AppendString(value); return this; }
    public MbsJson Number(long value)
    {
        ValuePrefix();
        sb.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }
    public MbsJson Bool(bool value) { ValuePrefix(); sb.Append(value ? "true" : "false"); return this; }

    public MbsJson Property(string name, string value) => Key(name).String(value);
    public MbsJson Property(string name, long value) => Key(name).Number(value);
    public MbsJson Property(string name, bool value) => Key(name).Bool(value);

    public override string ToString() => sb.ToString();

    // Inside an array, values are separated like members; after a key, the value follows directly.
    void ValuePrefix()
    {
        if (afterKey) { afterKey = false; return; }
        if (hasMember.Count == 0) return;
        sb.Append(hasMember.Peek() ? " , " : " ");
        hasMember.Pop(); hasMember.Push(true);
    }

    void AppendString(string s) => AppendQuoted(sb, s);

    /// <summary>A JSON string literal: quotes, backslashes and control characters escaped, the rest as is
    /// (as MBS and cJSON write them). One writer for MbsJson, the JSON family and the host (src/Shared).</summary>
    internal static void AppendQuoted(StringBuilder sb, string s) => Shared.JsonString.Append(sb, s);
}
