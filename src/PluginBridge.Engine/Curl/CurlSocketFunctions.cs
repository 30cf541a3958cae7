namespace PluginBridge.Engine.Curl;

/// <summary>curl_easy_send / curl_easy_recv over the connection a CURL.SetOptionConnectOnly Perform opened. As in
/// MBS, the outcome goes to CURL.ErrorCode/ErrorMessage: a receive with nothing there yet returns "" with 81
/// (CURLE_AGAIN), a closed connection "" with 0.</summary>
static partial class CurlFunctions
{
    const int Again = 81;

    static void RegisterSockets(Registry r)
    {
        r.Add("CURL.SendText", "curl; Text { ; Encoding }",
            a => Send(a, Encodings.ToBytes(a.Text(1), a.Text(2, ""))));
        r.Add("CURL.SendData", "curl; Data { ; DataType }",
            a => Send(a, Encodings.ToBytes(a.Text(1), a.Text(2, "").Trim().Length > 0 ? a.Text(2) : "Hex")));
        r.Add("CURL.ReceiveText", "curl; BytesToRead { ; Encoding }",
            a => Receive(a, bytes => BinaryText(bytes, a.Text(2, "")) ??
                Encodings.Get(a.Text(2, ""), Encodings.Utf8).GetString(bytes)));
        r.Add("CURL.ReceiveData", "curl; BytesToRead { ; ResultType }",
            a => Receive(a, bytes => BinaryText(bytes, a.Text(2, "").Trim().Length > 0 ? a.Text(2) : "Hex")
                ?? throw new MbsException($"ResultType must be Hex, Base64 or Base64URL, got \"{a.Text(2)}\".")));
    }

    static Value SetConnectOnly(Args a)
    {
        var mode = a.Long(1, 0, 2);
        if (mode == 2) throw new MbsException(
            "CURL.SetOptionConnectOnly 2 is for WebSocket (ws://, wss://), which PluginBridge does not offer. Use 1.");
        return Set(a, o => o.ConnectOnly = mode == 1);
    }

    static Value Send(Args a, byte[] data)
    {
        var h = Handles.Get(a, 0);
        try
        {
            Connection(h).Send(data);
            h.SetError(0, "");
            return Value.FromNumber(data.Length);
        }
        catch (CurlException e) { return Failed(h, e); }
    }

    static Value Receive(Args a, Func<byte[], string> asText)
    {
        var h = Handles.Get(a, 0);
        var max = (int)a.Long(1, 1, int.MaxValue);
        try
        {
            var bytes = Connection(h).Receive(max, out _);
            if (bytes is null)
            {
                h.SetError(Again, "Socket not ready for send/recv");
                return Value.Empty;
            }
            h.SetError(0, "");
            return Value.FromText(asText(bytes));
        }
        catch (CurlException e) { return Failed(h, e); }
    }

    static RawConnection Connection(CurlHandle h) => h.RawConnection ?? throw new CurlException(
        CurlException.UnsupportedProtocol, "Failed to get recent socket: no connection is open. Set " +
        "CURL.SetOptionConnectOnly 1 and run CURL.Perform first");

    static Value Failed(CurlHandle h, CurlException e)
    {
        h.SetError((int)e.Code, e.Message);
        return Value.RawError($"{(int)e.Code}: {e.Message}");
    }

    /// <summary>Bytes as Hex, Base64 or Base64URL text; null for any other (text) encoding name.</summary>
    static string? BinaryText(byte[] bytes, string type) => type.Trim().ToLowerInvariant() switch
    {
        "hex" => Convert.ToHexString(bytes),
        "base64" => Convert.ToBase64String(bytes),
        "base64url" => Base64Url.Encode(bytes),
        _ => null,
    };
}
