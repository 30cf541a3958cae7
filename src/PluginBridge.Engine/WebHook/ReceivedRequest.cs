using System.Net;

namespace PluginBridge.Engine.WebHook;

/// <summary>
/// One received request (HTTP, or raw bytes in mode 2), created by the listener once it has arrived completely.
/// The script reads it and must release it; releasing closes a connection still held open for WebRequest.Send.
/// </summary>
sealed class ReceivedRequest : IHandle, IDisposable
{
    public long Number { get; set; }

    /// <summary>MBS's states: 0 allocated, 1 connection received, 2 data arrived, 3 processed. Objects we hand out are
    /// complete, except those recording an internal failure (see ErrorMessage).</summary>
    public const int StateProcessed = 3;

    readonly object gate = new();
    byte[] raw;
    int rawLength;
    readonly int maxRawBytes;
    readonly Action? onRelease;

    public ReceivedRequest(long webHook, int mode, bool ssl, byte[] rawData, HttpRequestHead? head, byte[] body,
        IPEndPoint remote, IPEndPoint local, ClientConnection? connection, int maxRawBytes, Action? onRelease)
    {
        WebHook = webHook; Mode = mode; Ssl = ssl; raw = rawData; rawLength = rawData.Length; Head = head; Body = body;
        Remote = remote; Local = local; Connection = connection; this.maxRawBytes = maxRawBytes; this.onRelease =
            onRelease;
        Size = rawData.Length;
    }

    public long WebHook { get; }
    public int Mode { get; }
    public bool Ssl { get; }
    /// <summary>Null in raw mode.</summary>
    public HttpRequestHead? Head { get; }
    /// <summary>The body after de-chunking; empty in raw mode.</summary>
    public byte[] Body { get; }
    /// <summary>Bytes of the request as it arrived (MBS's GetSize).</summary>
    public int Size { get; }
    public IPEndPoint Remote { get; }
    public IPEndPoint Local { get; }
    public ClientConnection? Connection { get; }
    public string Tag { get; set; } = "";

    /// <summary>3, or for a request whose handling failed inside the listener: 1 nothing arrived, 2 part of it
    /// arrived.</summary>
    public int State { get; init; } = StateProcessed;

    /// <summary>The listener's internal error while handling this request; empty normally
    /// (WebRequest.ErrorMessage).</summary>
    public string ErrorMessage { get => errorMessage; set => errorMessage = value; }
    volatile string errorMessage = "";

    /// <summary>Set once WebHook.Check has returned this request.</summary>
    public bool Checked { get; set; }

    public byte[] RawData(bool clear)
    {
        lock (gate)
        {
            var copy = raw.AsSpan(0, rawLength).ToArray();
            if (clear) { raw = []; rawLength = 0; }
            return copy;
        }
    }

    /// <summary>Raw bytes that arrive after the request on a connection kept open (mode 1+2), bounded by the hook's
    /// maximum.</summary>
    public void Append(byte[] data, int count)
    {
        lock (gate)
        {
            if (Head is not null) return; // HTTP: bytes after the request are not part of it
            if (rawLength + count > maxRawBytes) { Connection?.Close(); return; }
            if (rawLength + count > raw.Length)
                Array.Resize(ref raw, Math.Max(rawLength + count, Math.Min(maxRawBytes, raw.Length * 2 + 1024)));
            Buffer.BlockCopy(data, 0, raw, rawLength, count);
            rawLength += count;
        }
    }

    public void Dispose()
    {
        Connection?.Close();
        onRelease?.Invoke();
    }
}
