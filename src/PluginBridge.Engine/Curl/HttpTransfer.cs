using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// http/https with System.Net.Http (SocketsHttpHandler), shaped like libcurl: our own connect step (curl's
/// "Trying …" lines and codes 6/7/28), redirects followed by us so that each hop is logged and MaxRedirs counts
/// like curl's, header lists with curl's "Name:" (suppress) and "Name;" (empty) rules, 4xx/5xx are not errors.
/// </summary>
static class HttpTransfer
{
    static readonly HashSet<int> RedirectCodes = [301, 302, 303, 307, 308];
    public const long HttpAuthBasic = 1, HttpAuthBearer = 64;
    const long MaxPresized = 64 << 20;

    public static Task RunAsync(Transfer t)
    {
        var o = t.Options;
        var key = HttpConnection.KeyOf(o);
        var connection = t.Connections.Take<HttpConnection>(key, t);
        if (connection is null) connection = new HttpConnection(t, key);
        else connection.Attach(t);
        try
        {
            Send(t, connection);
        }
        catch
        {
            connection.Dispose(); // as curl: a failed transfer closes its connection
            throw;
        }
        t.Connections.Keep(connection, t);
        return Task.CompletedTask;
    }

    // Blocking HTTP/1.1 on the calling thread (SocketsHttpHandler supports it): no thread hop per request, which on a
    // busy machine costs more than the request itself.
    static void Send(Transfer t, HttpConnection connection)
    {
        var o = t.Options;
        var uri = t.Url.Port == t.Url.Uri.Port ? t.Url.Uri : new UriBuilder(t.Url.Uri) { Port = t.Url.Port }.Uri;
        var plan = RequestBody.For(o);
        var method = plan.Method;
        var body = plan.Body;
        string? referer = null;

        for (var hop = 0; ; hop++)
        {
            var version = HttpVersions.For(o.HttpVersion, uri, t.Tls.UsesOpenSsl,
                connection.Negotiated is { } n && n.Authority == uri.Authority ? n.Version : null);
            using var request = BuildRequest(o, uri, method, body, body is null ? null : plan.ContentType, referer,
                version);
            t.EffectiveUrl = uri.AbsoluteUri;
            t.Progress.UploadTotal = body?.Length ?? 0;
            // The request text is written out only if the transcript is read, in the version the response came in.
            var sent = new SentRequest(request, body);
            connection.BeginRequest(() => RequestText(sent, o.DebugWithData), uri.Host);
            t.EffectiveMethod = request.Method.Method;
            t.Times.Mark(Phase.PreTransfer); // a new connection marks it again once it is up
            var invoker = connection.InvokerFor(request);
            HttpResponseMessage response;
            try
            {
                // SocketsHttpHandler sends HTTP/2 only asynchronously; HTTP/1.x blocking on this thread.
                response = request.Version.Major >= 2
                    ? invoker.SendAsync(request, t.Cancel).GetAwaiter().GetResult()
                    : invoker.Send(request, t.Cancel);
                sent.Version = response.Version;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                connection.DropRequestLog(); // never sent: no connection came up
                throw e is HttpRequestException h ? Map(t, h) : e;
            }
            connection.FlushAfterSend(); // a reused connection skips the filter
            t.Progress.UploadNow = body?.Length ?? 0;
            using (response)
            {
                t.ResponseCode = (int)response.StatusCode;
                t.ResponseVersion = response.Version;
                // As received (CURLINFO_CONTENT_TYPE): no parse, no rebuilt text.
                t.ContentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var type)
                    ? type.ToString().Trim() : "";
                if (o.FileTime) t.FileTime = response.Content.Headers.LastModified;
                // The heads as received (1xx interim ones included); rebuilt only if the capture saw none.
                var received = connection.TakeHeads();
                if (received.Count == 0) received.Add(HeaderBlock(response));
                foreach (var header in received)
                {
                    t.Headers.Append(header);
                    t.Log.Received(header);
                }
                if (o.CookieJar is { } jar && response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                    foreach (var c in setCookies) jar.Receive(uri, c);

                var location = response.Headers.Location;
                if (o.FollowLocation && RedirectCodes.Contains((int)t.ResponseCode) && location is not null)
                {
                    if (o.MaxRedirs >= 0 && hop >= o.MaxRedirs)
                        throw new CurlException(CurlException.TooManyRedirects,
                            $"Maximum ({o.MaxRedirs}) redirects followed");
                    if (o.AutoReferer) referer = uri.AbsoluteUri;
                    uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    t.Log.Info($"Issue another request to this URL: '{uri.AbsoluteUri}'");
                    t.Times.NextRequest();
                    // curl turns POST into GET on 301/302/303, and keeps method and body on 307/308.
                    if (t.ResponseCode is 301 or 302 or 303 && method != HttpMethod.Get && method != HttpMethod.Head)
                    {
                        method = HttpMethod.Get;
                        body = null;
                    }
                    continue;
                }
                if (RedirectCodes.Contains((int)t.ResponseCode) && location is not null)
                    t.RedirectUrl = (location.IsAbsoluteUri ? location : new Uri(uri, location)).AbsoluteUri;
                try
                {
                    var length = response.Content.Headers.ContentLength ?? 0;
                    t.Progress.DownloadTotal = length;
                    // Room for the announced body at once (a lying server still gets what it sends).
                    if (t.Body.Length == 0 && length is > 0 and <= MaxPresized && method != HttpMethod.Head
                        && t.ResponseCode is >= 200 and < 300 and not 204) t.Body.Capacity = (int)length;
                    ReceiveBody(t, response);
                }
                catch (HttpRequestException e)
                {
                    throw Map(t, e);
                }
                catch (IOException e) when (!t.Cancel.IsCancellationRequested && CurlException.Ended(e))
                {
                    throw CurlException.Partial(t);
                }
                if (o.CookieJar is { } saved && o.CookieJarFile.Length > 0) saved.Save(o.CookieJarFile);
                return;
            }
        }
    }

    static HttpRequestMessage BuildRequest(CurlOptions o, Uri uri, HttpMethod method, byte[]? body,
        string? contentType, string? referer, (Version Version, HttpVersionPolicy Policy) version)
    {
        var request = new HttpRequestMessage(method, uri) { Version = version.Version,
            VersionPolicy = version.Policy };
        if (body is not null)
            request.Content = o.MaxSendSpeed > 0 ? new PacedContent(body, o) : new ByteArrayContent(body);
        if (o.Http200Aliases.Count > 0) request.Headers.ConnectionClose = true; // see StatusAliasStream
        if (o.TransferEncoding)
        {
            request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("gzip"));
            request.Headers.Connection.Add("TE");
        }

        var defaults = new List<(string Name, string Value)> { ("Accept", "*/*") };
        if (o.UserAgent.Length > 0) defaults.Add(("User-Agent", o.UserAgent));
        // CURLOPT_HTTPAUTH: Bearer (64) sends the XOAuth2Bearer token, Basic (1, curl's default) the user name and
        // password.
        if (o.AwsSigV4.Length > 0) { /* signed below, once the header list is known */ }
        else if ((o.HttpAuth & HttpAuthBearer) != 0 && o.XOAuth2Bearer.Length > 0)
            defaults.Add(("Authorization", "Bearer " + o.XOAuth2Bearer));
        else if ((o.HttpAuth & HttpAuthBasic) != 0 && (o.UserName.Length > 0 || o.Password.Length > 0))
            defaults.Add(("Authorization", "Basic " + Convert.ToBase64String(
                [.. o.UserNameEncoding.GetBytes(o.UserName), (byte)':', .. o.PasswordEncoding.GetBytes(o.Password)])));
        if (contentType is not null) defaults.Add(("Content-Type", contentType));
        if (referer is not null) defaults.Add(("Referer", referer));
        if (o.AcceptEncoding is { } accept)
            defaults.Add(("Accept-Encoding", accept.Length > 0 ? accept : Decoding.All));
        var jar = o.CookieJar?.HeaderFor(uri) ?? "";
        var cookies = jar.Length > 0 && o.Cookie.Length > 0 ? jar + "; " + o.Cookie : jar + o.Cookie;
        if (cookies.Length > 0) defaults.Add(("Cookie", cookies));

        var custom = ParseHeaders(o.HttpHeaders);
        foreach (var (name, value) in defaults)
            if (!Names(custom, name)) Add(request, name, value);
        foreach (var (name, value) in custom)
            if (value is not null) Add(request, name, value);
        if (o.AwsSigV4.Length > 0 && !Names(custom, "Authorization"))
            foreach (var (name, value) in SignAws(o, uri, method, body, custom)) Add(request, name, value);
        return request;
    }

    /// <summary>True when the script's header list names this header (to set, suppress or send empty).</summary>
    static bool Names(List<(string Name, string? Value)> custom, string name)
    {
        foreach (var c in custom)
            if (c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>CURLOPT_AWS_SIGV4: the Authorization and X-Amz-Date headers over the headers the script
    /// set.</summary>
    static List<(string Name, string Value)> SignAws(CurlOptions o, Uri uri, HttpMethod method, byte[]? body,
        List<(string Name, string? Value)> custom)
    {
        var parameters = AwsSigV4.Parameters.Parse(o.AwsSigV4, uri.IdnHost);
        var host = custom.FirstOrDefault(c => c.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value
            ?? (uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}");
        var signed = custom.Where(c => c.Value is not null).Select(c => (c.Name, c.Value!));
        return AwsSigV4.SignRequest(parameters, o.UserName, o.Password, method.Method, host, uri.PathAndQuery,
            signed, body ?? [], DateTime.UtcNow);
    }

    /// <summary>curl's rules: "Name: value" adds, "Name:" suppresses (value null), "Name;" sends it empty, no colon is
    /// ignored.</summary>
    public static List<(string Name, string? Value)> ParseHeaders(IEnumerable<string> items)
    {
        var list = new List<(string, string?)>();
        if (items is ICollection<string> { Count: 0 }) return list;
        foreach (var line in items.SelectMany(i =>
            i.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                var value = line[(colon + 1)..].Trim();
                list.Add((line[..colon].Trim(), value.Length == 0 ? null : value));
            }
            else if (line.EndsWith(';') && line.Length > 1 && !line[..^1].Contains(' '))
                list.Add((line[..^1].Trim(), ""));
        }
        return list;
    }

    static void Add(HttpRequestMessage request, string name, string value)
    {
        if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) { request.Headers.Host = value; return; }
        if (request.Headers.TryAddWithoutValidation(name, value)) return;
        request.Content ??= new ByteArrayContent([]);
        request.Content.Headers.Remove(name);
        request.Content.Headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>A request as sent, and the version its response came in (curl shows an h2 request so).</summary>
    sealed class SentRequest(HttpRequestMessage request, byte[]? body)
    {
        public HttpRequestMessage Request => request;
        public byte[]? Body => body;
        public Version? Version;
    }

    /// <summary>Request line, headers and (text) body as they go out; the redactor runs when the log takes
    /// it. Over HTTP/2 curl writes "HTTP/2" and the header names in lower case, as they go out.</summary>
    static string RequestText(SentRequest sent, bool allData)
    {
        var (request, body) = (sent.Request, sent.Body);
        var uri = request.RequestUri!;
        // The version that went out: an h2 offer the server answered with http/1.1 was sent as HTTP/1.1.
        var version = sent.Version ?? request.Version;
        var h2 = version.Major >= 2;
        var sb = new StringBuilder();
        sb.Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery)
          .Append(h2 ? " HTTP/2\r\n" : version == HttpVersion.Version10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
        sb.Append("Host: ").Append(request.Headers.Host ?? uri.Authority).Append("\r\n");
        AppendHeaders(sb, request.Headers.Where(h => !h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)),
            h2);
        if (request.Content is not null)
        {
            AppendHeaders(sb, request.Content.Headers.Where(h =>
                !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)), h2);
            sb.Append(h2 ? "content-length: " : "Content-Length: ").Append(body?.Length ?? 0).Append("\r\n");
        }
        sb.Append("\r\n");
        if (body is { Length: > 0 }) sb.Append(DataText(body, allData));
        return sb.ToString();
    }

    /// <summary>Data in the debug text: short text as is, the rest as a byte count, or all of it (text or hex)
    /// with CURL.SetDebugWithData.</summary>
    public static string DataText(byte[] data, bool allData)
    {
        if (IsText(data) && (allData || data.Length <= 8192)) return Encoding.UTF8.GetString(data);
        return allData ? Convert.ToHexString(data) : $"[{data.Length} bytes data]";
    }

    /// <summary>The response body into the transfer's buffer, counted for progress; with CURLOPT_ACCEPT_ENCODING a
    /// gzip, deflate or br body is decoded as libcurl does.</summary>
    static void ReceiveBody(Transfer t, HttpResponseMessage response)
    {
        var sink = new CountingStream(t.Body, t.Progress);
        var encodings = t.Options.AcceptEncoding is null ? [] : response.Content.Headers.ContentEncoding.ToList();
        // CURLOPT_TRANSFER_ENCODING: a gzip/deflate Transfer-Encoding (applied after the content's) is undone too.
        if (t.Options.TransferEncoding)
            encodings.AddRange(response.Headers.TransferEncoding.Select(e => e.Value)
                .Where(e => !e.Equals("chunked", StringComparison.OrdinalIgnoreCase)));
        if (encodings.Count == 0) Copy(t, response, sink);
        else
        {
            var raw = new MemoryStream();
            Copy(t, response, raw);
            Decoding.Decode(raw.ToArray(), encodings, sink);
        }
        if (t.Options.DebugWithData && t.Body.Length > 0) t.Log.Received(DataText(t.Body.ToArray(), true));
    }

    static void Copy(Transfer t, HttpResponseMessage response, Stream sink)
    {
        if (!PacedTransfer.Needed(t.Options)) response.Content.CopyTo(sink, null, t.Cancel);
        else PacedTransfer.Receive(response.Content.ReadAsStream(t.Cancel), sink, t.Options, t.Cancel);
    }

    /// <summary>The head rebuilt from the response: always for HTTP/2 (binary frames), as curl writes it there
    /// ("HTTP/2 200 " and the names in lower case as they came); for HTTP/1.x only if the capture saw none.
    /// The values are the ones received (not re-parsed); content headers follow the others.</summary>
    static string HeaderBlock(HttpResponseMessage response)
    {
        var sb = new StringBuilder();
        var h2 = response.Version.Major >= 2;
        if (h2) sb.Append("HTTP/2 ").Append((int)response.StatusCode).Append(" \r\n");
        else sb.Append("HTTP/").Append(response.Version.Major).Append('.').Append(response.Version.Minor).Append(' ')
              .Append((int)response.StatusCode).Append(' ').Append(response.ReasonPhrase).Append("\r\n");
        foreach (var h in response.Headers.NonValidated) AppendHeader(sb, h.Key, h.Value, h2);
        foreach (var h in response.Content.Headers.NonValidated) AppendHeader(sb, h.Key, h.Value, h2);
        return sb.Append("\r\n").ToString();
    }

    static void AppendHeader(StringBuilder sb, string name, HeaderStringValues values, bool lower)
    {
        foreach (var v in values)
            sb.Append(lower ? name.ToLowerInvariant() : name).Append(": ").Append(v).Append("\r\n");
    }

    static void AppendHeaders(StringBuilder sb, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers,
        bool lower)
    {
        foreach (var h in headers)
            foreach (var v in h.Value)
                sb.Append(lower ? h.Key.ToLowerInvariant() : h.Key).Append(": ").Append(v).Append("\r\n");
    }

    static bool IsText(byte[] bytes) => !bytes.Any(b => b < 0x09 || b is > 0x0D and < 0x20);

    static CurlException Map(Transfer t, HttpRequestException e) => CurlException.From(t, e);
}
