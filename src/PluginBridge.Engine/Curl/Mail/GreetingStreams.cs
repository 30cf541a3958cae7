namespace PluginBridge.Engine.Curl.Mail;

/// <summary>
/// The plain stream under the MailKit client that only reads the greeting, says EHLO and STARTTLS
/// (<see cref="SmtpOpenSsl"/>): it keeps the greeting's bytes, and once detached it neither closes the socket nor
/// sends anything more (that client is dropped without QUIT; the session goes on under TLS).
/// </summary>
sealed class GreetingRecorder(Stream inner) : DuplexStream
{
    readonly MemoryStream greeting = new();
    bool written, detached;

    /// <summary>What the server sent before the client's first command.</summary>
    public byte[] Greeting => greeting.ToArray();

    public void Detach() => detached = true;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (detached) return 0;
        var n = inner.Read(buffer, offset, count);
        if (!written) greeting.Write(buffer, offset, n);
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (detached) return;
        written = true;
        inner.Write(buffer, offset, count);
    }

    public override void Flush() { if (!detached) inner.Flush(); }
}

/// <summary>The greeting again, then the session's stream: the client that carries on reads the greeting it
/// expects first.</summary>
sealed class GreetingReplay(byte[] greeting, Stream inner) : DuplexStream
{
    int replayed;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (replayed == greeting.Length) return inner.Read(buffer, offset, count);
        var n = Math.Min(count, greeting.Length - replayed);
        Array.Copy(greeting, replayed, buffer, offset, n);
        replayed += n;
        return n;
    }

    public override int Read(Span<byte> buffer)
    {
        if (replayed == greeting.Length) return inner.Read(buffer);
        var n = Math.Min(buffer.Length, greeting.Length - replayed);
        greeting.AsSpan(replayed, n).CopyTo(buffer);
        replayed += n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
