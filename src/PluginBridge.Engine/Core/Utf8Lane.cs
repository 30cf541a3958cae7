namespace PluginBridge.Engine.Core;

/// <summary>One text parameter as the caller's UTF-8 bytes, already checked to be valid UTF-8. Borrowed for the
/// duration of the call: never keep it.</summary>
public readonly unsafe struct Utf8Text(byte* data, int length)
{
    public ReadOnlySpan<byte> Bytes => new(data, length);
}

/// <summary>Where a function on bytes writes its text result: the caller's result memory, asked for once, at most
/// <c>capacity</c> bytes (the caller adds the terminating NUL).</summary>
public abstract class Utf8Sink
{
    public abstract Span<byte> Allocate(int capacity);

    /// <summary>True when the result is a number (its text in FileMaker's form), as Value.FromNumber's are; read
    /// and reset by the caller when the result is finished.</summary>
    public bool IsNumber { get; set; }

    /// <summary>The whole result at once (a function whose text is known): its length.</summary>
    public int Write(ReadOnlySpan<byte> text)
    {
        text.CopyTo(Allocate(text.Length));
        return text.Length;
    }
}

/// <summary>A function that works on its parameters' UTF-8 bytes and writes its text result straight into the
/// sink: returns the number of bytes written, or -1 (having asked for nothing, or leaving what it asked for
/// unused) when this call needs the ordinary path — another encoding, an error, an option the bytes path lacks.
/// </summary>
public delegate int Utf8Function(ReadOnlySpan<Utf8Text> args, Utf8Sink sink);
