namespace PluginBridge.Engine.WebHook;

/// <summary>
/// The bounds that keep a listener alive whatever a client sends. MBS documents only the timeout (300 s) and an
/// optional maximum request size (0 = unlimited); everything else here is ours and documented as such.
/// </summary>
static class WebHookLimits
{
    /// <summary>Request line (method, target, version); longer gets 414.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>The whole header block; larger gets 431.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    public const int MaxHeaderCount = 100;

    /// <summary>Chunk-size lines of a chunked body.</summary>
    public const int MaxChunkLineBytes = 4 * 1024;

    /// <summary>Cap on a whole request when the script set no maximum (MBS: 0 = unlimited).</summary>
    public const int DefaultMaxRequestBytes = 64 * 1024 * 1024;

    /// <summary>Largest value WebHook.SetMaximumRequestSize accepts.</summary>
    public const int MaxSettableRequestBytes = 1024 * 1024 * 1024;

    /// <summary>The request line and headers must arrive within this many seconds (or the hook's timeout if
    /// shorter).</summary>
    public const int HeadDeadlineSeconds = 20;

    /// <summary>MBS's default idle timeout.</summary>
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>Connections still being read, per hook; a further one evicts the one that waited longest for its
    /// head.</summary>
    public const int MaxOpenConnections = 200;

    /// <summary>Requests on one kept-alive connection (nginx's keepalive_requests); the last answer says Connection:
    /// close.</summary>
    public const int MaxRequestsPerConnection = 1000;

    /// <summary>Finished requests a script has not released yet, per hook; beyond it clients get 503.</summary>
    public const int MaxLiveRequests = 1000;

    /// <summary>Bound on a single write to a client, so a client that stops reading cannot block a script.</summary>
    public const int WriteTimeoutMilliseconds = 30_000;

    public const int ReadChunkBytes = 16 * 1024;

    /// <summary>Memory budget per hook for requests being read plus unreleased WebRequests; beyond it clients get
    /// 503.</summary>
    public const long MaxHeldBytes = 256L * 1024 * 1024;
}
