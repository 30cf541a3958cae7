using System.Net.Sockets;

namespace PluginBridge.Engine.Curl;

/// <summary>libcurl's error codes (CURLcode) for the failures we produce, with libcurl's numbers.</summary>
enum CurlCode
{
    Ok = 0,
    UnsupportedProtocol = 1,
    FailedInit = 2,
    UrlMalformat = 3,
    CouldNotResolveHost = 6,
    CouldNotConnect = 7,
    WeirdServerReply = 8,
    RemoteAccessDenied = 9,
    FtpAcceptFailed = 10,
    FtpAcceptTimeout = 12,
    FtpWeirdPasvReply = 13,
    FtpCouldNotSetType = 17,
    PartialFile = 18,
    FtpCouldNotRetrieveFile = 19,
    WriteError = 23,
    QuoteError = 21,
    UploadFailed = 25,
    OperationTimedOut = 28,
    FtpPortFailed = 30,
    SslConnectError = 35,
    AbortedByCallback = 42,
    InterfaceFailed = 45,
    TooManyRedirects = 47,
    GotNothing = 52,
    SendError = 55,
    RecvError = 56,
    SslCertProblem = 58,
    PeerFailedVerification = 60,
    UseSslFailed = 64,
    LoginDenied = 67,
    BadContentEncoding = 61,
    SslCaCertBadFile = 77,
    RemoteFileNotFound = 78,
    SslIssuerError = 83,
}

/// <summary>
/// A transfer failure with libcurl's error code, so that results read like curl's: "7: Failed to connect …".
/// Thrown inside a transfer only; Perform turns it into the handle's ErrorCode/ErrorMessage and its result.
/// </summary>
sealed class CurlException(CurlCode code, string message) : Exception(message)
{
    public CurlCode Code { get; } = code;

    // The names transfers use (CurlException.RecvError …); the numbers live in CurlCode only.
    public const CurlCode UnsupportedProtocol = CurlCode.UnsupportedProtocol;
    public const CurlCode UrlMalformat = CurlCode.UrlMalformat;
    public const CurlCode CouldNotResolveHost = CurlCode.CouldNotResolveHost;
    public const CurlCode CouldNotConnect = CurlCode.CouldNotConnect;
    public const CurlCode WeirdServerReply = CurlCode.WeirdServerReply;
    public const CurlCode PartialFile = CurlCode.PartialFile;
    public const CurlCode QuoteError = CurlCode.QuoteError;
    public const CurlCode UploadFailed = CurlCode.UploadFailed;
    public const CurlCode OperationTimedOut = CurlCode.OperationTimedOut;
    public const CurlCode SslConnectError = CurlCode.SslConnectError;
    public const CurlCode AbortedByCallback = CurlCode.AbortedByCallback;
    public const CurlCode TooManyRedirects = CurlCode.TooManyRedirects;
    public const CurlCode GotNothing = CurlCode.GotNothing;
    public const CurlCode SendError = CurlCode.SendError;
    public const CurlCode RecvError = CurlCode.RecvError;
    public const CurlCode PeerFailedVerification = CurlCode.PeerFailedVerification;
    public const CurlCode UseSslFailed = CurlCode.UseSslFailed;
    public const CurlCode LoginDenied = CurlCode.LoginDenied;
    public const CurlCode RemoteFileNotFound = CurlCode.RemoteFileNotFound;
    public const CurlCode BadContentEncoding = CurlCode.BadContentEncoding;

    /// <summary>
    /// Any exception out of a transfer as curl's code and message: a CurlException anywhere in the chain as it is,
    /// the deadline as 28, HttpClient's failures by their kind, socket and stream failures as 56, anything else
    /// (a bug of ours) as 2 with its type and text, so that it is reported like any failure, never lost.
    /// </summary>
    public static CurlException From(Transfer t, Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is CurlException c) return c;
        if (t.Cancel.IsCancellationRequested || e is OperationCanceledException or TimeoutException)
            return new(CurlCode.OperationTimedOut,
                $"Operation timed out after {t.ElapsedMs} milliseconds with {t.Body.Length} bytes received");
        var inner = Connector.Innermost(e);
        if (e is HttpRequestException h)
            return h.HttpRequestError switch
            {
                HttpRequestError.SecureConnectionError => Connector.TlsFailure(t.Tls, e),
                HttpRequestError.NameResolutionError =>
                    new(CurlCode.CouldNotResolveHost, $"Could not resolve host: {t.Url.Host}"),
                HttpRequestError.ConnectionError
                    when inner is not SocketException { SocketErrorCode: SocketError.ConnectionReset }
                    => new(CurlCode.CouldNotConnect,
                        $"Failed to connect to {t.Url.Host} port {t.Url.Port}: {inner.Message}"),
                HttpRequestError.ResponseEnded when t.ResponseCode
                    == 0 => new(CurlCode.GotNothing, "Empty reply from server"),
                HttpRequestError.ResponseEnded => Partial(t),
                HttpRequestError.InvalidResponse =>
                    new(CurlCode.WeirdServerReply, "Weird server reply: " + inner.Message),
                _ => new(CurlCode.RecvError, "Recv failure: " + inner.Message),
            };
        if (Ended(e)) return Partial(t);
        if (inner is IOException or SocketException) return new(CurlCode.RecvError, $"Recv failure: {inner.Message}");
        return new(CurlCode.FailedInit, $"Internal error: {e.GetType().Name}: {e.Message}");
    }

    /// <summary>The server closed before the announced length (or the last chunk) arrived: curl's 18.</summary>
    public static CurlException Partial(Transfer t) =>
        new(CurlCode.PartialFile,
            $"transfer closed with outstanding read data remaining ({t.Body.Length} bytes received)");

    /// <summary>An HTTP body that ended early (HttpIOException ResponseEnded, maybe wrapped).</summary>
    public static bool Ended(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }) return true;
        return false;
    }
}
