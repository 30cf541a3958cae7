namespace PluginBridge.Engine.Curl;

/// <summary>
/// A stream over a connection, read and written, never sought: the members every wrapper on a connection (TLS,
/// greeting replay, status aliases) would otherwise repeat.
/// </summary>
abstract class DuplexStream : Stream
{
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
