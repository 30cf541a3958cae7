using System.Globalization;

namespace PluginBridge.Engine.Curl;

/// <summary>The CURLINFO facts of the last transfer beyond sizes and URLs: phase timings, the remote file time,
/// the server's certificate chain, and MBS's list of the options set.</summary>
static partial class CurlFunctions
{
    /// <summary>A phase time in seconds (curl's double), 0 before any transfer.</summary>
    static Value Seconds(Args a, Func<TransferTimes, double> pick) =>
        Handles.Get(a, 0).Outcome.Times is { } times ? Value.FromNumber(pick(times)) : Value.FromNumber(0);

    /// <summary>CURLINFO_FILETIME as FileMaker's timestamp text in local time (our values carry no timestamp type;
    /// GetAsTimestamp reads it); empty when unknown or CURL.SetOptionFileTime was not set, as MBS.</summary>
    static Value GetFileTime(Args a) =>
        Handles.Get(a, 0).Outcome.FileTime is { } time
            ? Value.FromText(time.LocalDateTime.ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture))
            : Value.Empty;

    static Value GetCertInfo(Args a) =>
        Value.FromText(LineEndings.ToCR(CertInfo.Text(Handles.Get(a, 0).Outcome.PeerCertificates)));

    /// <summary>CURL.Options: the options set on this handle as JSON. Secrets show as "[redacted]" unless
    /// CURL.SetOptionRedactSecrets 0 (our difference: MBS shows them).</summary>
    static Value OptionsJson(Args a)
    {
        var h = Handles.Get(a, 0);
        var redact = h.Read(o => o.RedactSecrets);
        var json = new MbsJson().BeginObject();
        foreach (var option in h.OptionLog)
        {
            json.Key(option.Name);
            if (option.List is { } list)
            {
                json.BeginArray();
                foreach (var item in list) json.String(item);
                json.EndArray();
            }
            else if (redact && SecretOptions.Contains(option.Name)) json.String("[redacted]");
            else if (option.Number is { } n) json.Number(n);
            else json.String(option.Text ?? "");
        }
        return Value.FromText(json.EndObject().ToString());
    }

    static readonly HashSet<string> SecretOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "Password", "XOAuth2Bearer", "KeyPassword", "ProxyPassword", "TLSAuthPassword", "SSLKeyBlob",
    };
}
