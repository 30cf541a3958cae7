using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.WebHook;

/// <summary>WebRequest.*: reading a request a WebHook received, and answering it on a connection held open.</summary>
static class WebRequestFunctions
{
    internal static readonly HandleTable<ReceivedRequest> Table = new("WebRequest", 31000);

    public static void Register(Registry r)
    {
        r.AddTable(Table);
        r.Add("WebRequest.URLComponents", "WebRequest { ; Encoding }", "JSON of the request URL: Host, RelativeURL, URL, Scheme, Port (number), Path, Query, Parameters; percent-decoded as Encoding (default UTF-8; '+' is a space in Parameters).", UrlComponentsOf);
        r.Add("WebRequest.GetRawData", "WebRequest { ; Encoding; ClearBuffer }", "All bytes received (request line, headers, body; or the raw stream in mode 2) as text in Encoding (default UTF-8; also Hex, Base64). ClearBuffer 1 empties the buffer.", GetRawData);
        r.Add("WebRequest.GetHeaders", "WebRequest", "The request headers as a flat JSON object, names as the client sent them; repeated headers joined with \", \".", GetHeaders);
        r.Add("WebRequest.GetBody", "WebRequest { ; Encoding }", "The body (de-chunked) as text in Encoding (default UTF-8; also Hex, Base64).", GetBody);
        r.Add("WebRequest.GetBodyAsContainer", "WebRequest { ; FileName }", "The body as a container; FileName defaults to the last segment of the URL path.", GetBodyAsContainer);
        r.Add("WebRequest.GetBodySize", "WebRequest", "Body size in bytes (after de-chunking).", a => Value.FromNumber(Get(a).Body.Length));
        r.Add("WebRequest.GetSize", "WebRequest", "Size of the whole request in bytes as received (headers and body).", a => Value.FromNumber(Get(a).Size));
        r.Add("WebRequest.GetHTTPMethod", "WebRequest", "The method, e.g. GET or POST; empty for raw data.", a => Value.FromText(Get(a).Head?.Method ?? ""));
        r.Add("WebRequest.GetHTTPVersion", "WebRequest", "The HTTP version, e.g. HTTP/1.1; empty for raw data.", a => Value.FromText(Get(a).Head?.Version ?? ""));
        r.Add("WebRequest.GetURL", "WebRequest", "The request target as received, still percent-encoded, e.g. /path?x=1.", a => Value.FromText(Get(a).Head?.Target ?? ""));
        r.Add("WebRequest.GetHost", "WebRequest", "The Host header as sent.", a => Value.FromText(Get(a).Head?.Header("Host") ?? ""));
        r.Add("WebRequest.GetRemoteIP", "WebRequest", "The client's IP address.", a => Value.FromText(Get(a).Remote.Address.ToString()));
        r.Add("WebRequest.GetRemotePort", "WebRequest", "The client's port.", a => Value.FromNumber(Get(a).Remote.Port));
        r.Add("WebRequest.GetLocalIP", "WebRequest", "The local address the request came in on, e.g. 127.0.0.1 or ::1.", a => Value.FromText(Get(a).Local.Address.ToString()));
        r.Add("WebRequest.GetLocalPort", "WebRequest", "The local port the request came in on.", a => Value.FromNumber(Get(a).Local.Port));
        r.Add("WebRequest.GetSSL", "WebRequest", "1 if the request came over TLS, else 0.", a => Value.FromBool(Get(a).Ssl));
        r.Add("WebRequest.GetMode", "WebRequest", "The hook's mode when the request came in (1 keep open, 2 raw).", a => Value.FromNumber(Get(a).Mode));
        r.Add("WebRequest.GetState", "WebRequest", "3 (processed): requests are handed out once complete; states 0-2 stay inside the listener, except for a request whose handling failed (see ErrorMessage).", a => Value.FromNumber(Get(a).State));
        r.Add("WebRequest.ErrorMessage", "WebRequest", "Our extension: the listener's internal error while handling this request (the client got 500); empty normally.", a => Value.FromText(Get(a).ErrorMessage));
        r.Add("WebRequest.GetWebHook", "WebRequest", "The WebHook that received the request.", a => Value.FromNumber(Get(a).WebHook));
        r.Add("WebRequest.SetTag", "WebRequest; Value", "Stores a free value with the request.", SetTag);
        r.Add("WebRequest.GetTag", "WebRequest", "The value stored with WebRequest.SetTag.", a => Value.FromText(Get(a).Tag));
        r.Add("WebRequest.Send", "WebRequest; Text { ; Encoding }", "Writes raw bytes (a whole HTTP response, or anything in raw mode) on the connection held open by WebHook mode 1; returns the number of bytes sent.", Send);
        r.Add("WebRequest.List", "", "The live WebRequest references, ¶-separated.", a => Value.FromText(Table.List()));
        r.Add("WebRequest.Release", "WebRequest", "Frees the request and closes its connection if still open.", Release);
    }

    static ReceivedRequest Get(Args a) => Table.Get(a, 0);

    static Value UrlComponentsOf(Args a) => Value.FromText(UrlComponents.Json(Get(a), Encodings.Get(a.Text(1, ""))));

    static Value GetRawData(Args a) => Value.FromText(BytesToText(Get(a).RawData(a.Bool(2)), a.Text(1, "")));

    static Value GetBody(Args a) => Value.FromText(BytesToText(Get(a).Body, a.Text(1, "")));

    static Value GetHeaders(Args a)
    {
        var json = new MbsJson().BeginObject();
        var head = Get(a).Head;
        if (head is not null)
            foreach (var group in head.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
                json.Property(group.First().Key, string.Join(", ", group.Select(h => h.Value)));
        return Value.FromText(json.EndObject().ToString());
    }

    static Value GetBodyAsContainer(Args a)
    {
        var request = Get(a);
        var name = a.Text(1, "").Trim();
        if (name.Length == 0)
        {
            var target = request.Head?.Target ?? "";
            var path = target.Split('?', '#')[0];
            name = UrlComponents.Decode(path[(path.LastIndexOf('/') + 1)..], plusIsSpace: false);
            if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) name = "body";
        }
        return Value.FromContainer(request.Body, name);
    }

    static Value SetTag(Args a)
    {
        Get(a).Tag = a.Text(1);
        return Value.Ok;
    }

    static Value Send(Args a)
    {
        var request = Get(a);
        var bytes = Encodings.ToBytes(a.Text(1), a.Text(2, ""));
        var connection = request.Connection
            ?? throw new MbsException("This WebRequest has no open connection: call WebHook.SetMode with 1 (keep open) before the request arrives, and clear the auto-answer with WebHook.SetAutoAnswer and empty text.");
        if (!connection.Write(bytes))
            throw new MbsException("The connection of this WebRequest is closed (the client hung up, or the hook's timeout passed).");
        return Value.FromNumber(bytes.Length);
    }

    static Value Release(Args a)
    {
        Table.Release(a, 0);
        return Value.Ok;
    }

    /// <summary>Bytes as text in an MBS encoding, or as Hex / Base64 for binary data.</summary>
    internal static string BytesToText(byte[] bytes, string encodingName)
    {
        if (Encodings.IsHex(encodingName)) return Convert.ToHexString(bytes);
        if (Encodings.IsBase64(encodingName)) return Convert.ToBase64String(bytes);
        return Encodings.Get(encodingName).GetString(bytes);
    }
}
