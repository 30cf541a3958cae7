namespace PluginBridge.Engine.Curl;

/// <summary>
/// A transfer failure with libcurl's error code, so that results read like curl's: "7: Failed to connect …".
/// Thrown inside a transfer only; Perform turns it into the handle's ErrorCode/ErrorMessage and its result.
/// </summary>
sealed class CurlException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    // libcurl's numbers for the codes we produce (curl_easy_strerror texts where a message needs a generic part).
    public const int UnsupportedProtocol = 1;
    public const int UrlMalformat = 3;
    public const int CouldNotResolveHost = 6;
    public const int CouldNotConnect = 7;
    public const int WeirdServerReply = 8;
    public const int PartialFile = 18;
    public const int QuoteError = 21;
    public const int UploadFailed = 25;
    public const int OperationTimedOut = 28;
    public const int SslConnectError = 35;
    public const int AbortedByCallback = 42;
    public const int TooManyRedirects = 47;
    public const int GotNothing = 52;
    public const int SendError = 55;
    public const int RecvError = 56;
    public const int PeerFailedVerification = 60;
    public const int UseSslFailed = 64;
    public const int LoginDenied = 67;
    public const int RemoteFileNotFound = 78;
}
