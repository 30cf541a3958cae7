using System.Collections.Concurrent;
using System.Diagnostics;
using PluginBridge.Engine.Curl;
using Xunit;
using static PluginBridge.Engine.Tests.Curl.CurlKit;

namespace PluginBridge.Engine.Tests.Curl;

/// <summary>
/// AWS Signature V4: the signer against AWS's published examples (fixed dates and keys give known signatures) and
/// MBS's own AWSPresignURL example, against curl --aws-sigv4 as an independent client on the same request, and
/// CURL.SetOptionAWSSigV4 end to end (the server recomputes the signature of the request it received).
/// </summary>
[Collection("host")]
public class CurlAwsSigV4Tests
{
    const string AwsKey = "AKIAIOSFODNN7EXAMPLE", AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static readonly DateTime May2013 = new(2013, 5, 24, 0, 0, 0, DateTimeKind.Utc);

    static string Authorization(List<(string Name, string Value)> added) =>
        added.Single(h => h.Name == "Authorization").Value;

    [Fact]
    public void AwsTestSuiteGetVanilla()
    {
        // AWS SigV4 test suite, "get-vanilla" and "get-vanilla-query-order-key-case".
        var p = AwsSigV4.Parameters.Parse("aws:amz:us-east-1:service", "example.amazonaws.com");
        var date = new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);
        var secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        var vanilla = AwsSigV4.SignRequest(p, "AKIDEXAMPLE", secret, "GET", "example.amazonaws.com", "/", [], [],
            date);
        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
            "SignedHeaders=host;x-amz-date, " +
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", Authorization(vanilla));
        Assert.Contains(("X-Amz-Date", "20150830T123600Z"), vanilla);
        var ordered = AwsSigV4.SignRequest(p, "AKIDEXAMPLE", secret, "GET", "example.amazonaws.com",
            "/?Param2=value2&Param1=value1", [], [], date);
        Assert.EndsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            Authorization(ordered));
    }

    [Fact]
    public void S3GetObjectExampleFromAwsDocumentation()
    {
        // "Example: GET Object" of AWS's S3 header-signing documentation (the caller sends the content hash).
        var p = AwsSigV4.Parameters.Parse("aws:amz:us-east-1:s3", "examplebucket.s3.amazonaws.com");
        var added = AwsSigV4.SignRequest(p, AwsKey, AwsSecret, "GET", "examplebucket.s3.amazonaws.com", "/test.txt",
            [("Range", "bytes=0-9"), ("x-amz-date", "20130524T000000Z"),
             ("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")], [],
            DateTime.UtcNow);
        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, " +
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", Authorization(added));
        Assert.Single(added); // date and content hash were the caller's own headers
    }

    [Fact]
    public void PresignedUrlsMatchAwsAndMbsExamples()
    {
        // AWS S3 documentation, "Example: Presigned URL".
        var aws = AwsSigV4.PresignUrl(AwsKey, AwsSecret, "us-east-1", "s3", "/test.txt",
            "examplebucket.s3.amazonaws.com", "GET", 86400, [], [], May2013);
        Assert.EndsWith("&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", aws);
        // MBS's CURL.AWSPresignURL example and the result its page shows.
        var mbs = AwsSigV4.PresignUrl(AwsKey, AwsSecret, "us-east-1", "s3", "/test.txt",
            "examplebucket.s3.amazonaws.com", "GET", 86400, [], [], new DateTime(2021, 6, 24, 15, 37, 35,
                DateTimeKind.Utc));
        Assert.Equal("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&" +
            "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE/20210624/us-east-1/s3/aws4_request&X-Amz-Date=20210624T153735Z&" +
            "X-Amz-Expires=86400&X-Amz-SignedHeaders=host&" +
            "X-Amz-Signature=216f12a0121da9fd2b5c87e68cfbbfe79331cb65aab3b989879a25042f5e1511", mbs);
    }

    [Fact]
    public void PresignFunctionTakesMbsParameters()
    {
        var url = Ok("CURL.AWSPresignURL", AwsKey, AwsSecret, "eu-central-1", "s3", "/bucket/my file.jpg", "",
            "put", "600", "id=123\rtest=abc");
        Assert.StartsWith("https://s3.eu-central-1.amazonaws.com/bucket/my%20file.jpg?X-Amz-Algorithm=", url);
        Assert.Contains("&X-Amz-Expires=600&", url);
        Assert.Contains("&id=123&test=abc&X-Amz-Signature=", url);
        var outOfRange = Call("CURL.AWSPresignURL", AwsKey, AwsSecret, "eu-central-1", "s3", "/a", "", "GET",
            "604801");
        Assert.True(outOfRange.IsError);
        Assert.StartsWith("[MBS] ", outOfRange.Text);
    }

    sealed record Seen(string Method, string Target, Dictionary<string, string> Headers, string Body);

    static LoopbackServer Recorder(ConcurrentQueue<Seen> seen) => new(async (s, cancel) =>
    {
        var r = await Http.ReadAsync(s, cancel);
        seen.Enqueue(new Seen(r.Method, r.Target, r.Headers, r.Body));
        await Http.RespondAsync(s, 200, "OK", "signed");
    });

    /// <summary>The signature of a request as the server received it, over the headers the client signed.</summary>
    static string Recomputed(Seen r, string parameters, string signedHeaders)
    {
        var names = signedHeaders.Split(';').Where(n => n != "host");
        var headers = names.Select(n => (n, r.Headers[n])).ToList();
        var p = AwsSigV4.Parameters.Parse(parameters, r.Headers["Host"].Split(':')[0]);
        return Authorization(AwsSigV4.SignRequest(p, "AKTEST", "sk/test+secret", r.Method, r.Headers["Host"],
            r.Target, headers, System.Text.Encoding.UTF8.GetBytes(r.Body), DateTime.UtcNow));
    }

    static string Part(string authorization, string name) =>
        authorization.Split(", ").Select(p => p.Split(' ').Last()).Single(p => p.StartsWith(name + "="))[
            (name.Length + 1)..];

    [Fact]
    public void SignedRequestMatchesCurlAndTheServersRecomputation()
    {
        var seen = new ConcurrentQueue<Seen>();
        using var server = Recorder(seen);
        var url = $"http://127.0.0.1:{server.Port}/?Action=ListTopics&Version=2010-03-31";
        const string parameters = "aws:amz:us-east-1:sns";

        // curl as an independent client.
        var psi = new ProcessStartInfo("curl", ["-s", "--aws-sigv4", parameters, "-u", "AKTEST:sk/test+secret",
            "-H", "X-Trace:  one   two ", "-d", "Subject=hello world", url]) { RedirectStandardOutput = true };
        using (var p = Process.Start(psi)!)
        {
            Assert.True(p.WaitForExit(10_000));
            Assert.Equal("signed", p.StandardOutput.ReadToEnd());
        }
        Assert.True(seen.TryDequeue(out var byCurl));
        var curlAuth = byCurl.Headers["Authorization"];
        Assert.Equal(curlAuth, Recomputed(byCurl, parameters, Part(curlAuth, "SignedHeaders")));

        // The same request from CURL.SetOptionAWSSigV4.
        var curl = New();
        Ok("CURL.SetOptionURL", curl, url);
        Ok("CURL.SetOptionAWSSigV4", curl, parameters);
        Ok("CURL.SetOptionUserName", curl, "AKTEST");
        Ok("CURL.SetOptionPassword", curl, "sk/test+secret");
        Ok("CURL.SetOptionHTTPHeader", curl, "X-Trace:  one   two ");
        Ok("CURL.SetOptionPostFields", curl, "Subject=hello world");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.True(seen.TryDequeue(out var ours));
        var auth = ours.Headers["Authorization"];
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential=AKTEST/{ours.Headers["X-Amz-Date"][..8]}/us-east-1/sns/" +
            "aws4_request, SignedHeaders=host;x-amz-date;x-trace, Signature=", auth);
        Assert.Equal(Part(curlAuth, "SignedHeaders"), Part(auth, "SignedHeaders"));
        Assert.Equal(auth, Recomputed(ours, parameters, Part(auth, "SignedHeaders")));
        Assert.False(ours.Headers.ContainsKey("x-amz-content-sha256")); // only S3 gets the content hash
        Assert.DoesNotContain("sk/test+secret", Debug(curl));

        // Region and service come from the host name; a host without them is refused as curl refuses it.
        Ok("CURL.SetOptionAWSSigV4", curl, "aws");
        Ok("CURL.SetOptionURL", curl, $"http://localhost:{server.Port}/");
        var failed = Call("CURL.Perform", curl);
        Assert.StartsWith("3: AWS SigV4: service or region missing", failed.Text);
    }

    [Fact]
    public void S3RequestCarriesTheContentHash()
    {
        var seen = new ConcurrentQueue<Seen>();
        using var server = Recorder(seen);
        var curl = Handle(server.Port, "/bucket/key.txt");
        Ok("CURL.SetOptionAWSSigV4", curl, "aws:amz:eu-west-1:s3");
        Ok("CURL.SetOptionUserName", curl, "AKTEST");
        Ok("CURL.SetOptionPassword", curl, "sk/test+secret");
        Ok("CURL.SetOptionUpload", curl, "1");
        Ok("CURL.SetInputText", curl, "file content");
        Assert.Equal("OK", Ok("CURL.Perform", curl));
        Assert.True(seen.TryDequeue(out var put));
        Assert.Equal("PUT", put.Method);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("file content"u8)),
            put.Headers["x-amz-content-sha256"]);
        var auth = put.Headers["Authorization"];
        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,", auth);
        Assert.Equal(auth, Recomputed(put, "aws:amz:eu-west-1:s3", Part(auth, "SignedHeaders")));
    }
}
