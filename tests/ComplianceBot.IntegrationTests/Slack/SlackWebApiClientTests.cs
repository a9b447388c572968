using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Http;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>The Web API client against the fake Slack Web API: shapes, errors, rate limits, retries and downloads.</summary>
public sealed class SlackWebApiClientTests : IAsyncLifetime
{
    private readonly FastForwardTimeProvider time = new();
    private FakeSlackApi slack = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        slack = await FakeSlackApi.StartAsync(time);
        http = new HttpClient(ChatHttpResilience.Handler(time, new SocketsHttpHandler { AllowAutoRedirect = false }));
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await slack.DisposeAsync();
    }

    private SlackWebApiClient Client(string? token = null, string? apiBase = null) => new(
        http,
        new SlackOptions { BotToken = token ?? slack.BotToken, SigningSecret = "s", ApiBaseUrl = apiBase ?? slack.ApiBaseUrl },
        time,
        NullLogger<SlackWebApiClient>.Instance);

    private static JsonArray Blocks(string text) =>
        [new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } }];

    [Fact]
    public async Task A_message_is_posted_as_json_with_the_bot_token_and_its_ts_comes_back()
    {
        var posted = await Client().PostMessageAsync("D0123", "Risk raised", Blocks("*RISK-0007* raised"));

        Assert.Equal("D0123", posted.Channel);
        Assert.Matches(@"^\d+\.\d{6}$", posted.Ts);
        var call = Assert.Single(slack.CallsTo("chat.postMessage"));
        Assert.Equal("Bearer " + slack.BotToken, call.Authorization);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.Equal("POST", call.HttpMethod);
        Assert.Equal("*RISK-0007* raised", slack.Messages[("D0123", posted.Ts)].Blocks![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_message_is_updated_in_place()
    {
        var client = Client();
        var posted = await client.PostMessageAsync("D0123", "Attest AC-01", Blocks("question"));
        await client.UpdateMessageAsync(posted.Channel, posted.Ts, "AC-01 attested", Blocks("answered"));

        var message = Assert.Single(slack.MessagesIn("D0123"));
        Assert.Equal(1, message.Updates);
        Assert.Equal("AC-01 attested", message.Text);
        Assert.Equal("answered", message.Blocks![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ok_false_becomes_a_typed_failure_with_Slacks_error_code()
    {
        slack.ErrorNext("chat.postMessage", "channel_not_found");
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().PostMessageAsync("C404", "hello"));
        Assert.Equal("channel_not_found", error.Error);
        Assert.Equal("chat.postMessage", error.Method);
        Assert.False(error.MayHaveBeenCarriedOut);
    }

    [Fact]
    public async Task Updating_a_message_that_does_not_exist_says_message_not_found()
    {
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().UpdateMessageAsync("D0123", "1.000001", "x"));
        Assert.Equal("message_not_found", error.Error);
    }

    [Fact]
    public async Task A_wrong_token_is_invalid_auth()
    {
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client(token: "xoxb-wrong").OpenDirectMessageAsync("U1"));
        Assert.Equal("invalid_auth", error.Error);
    }

    [Fact]
    public async Task Throttled_calls_wait_for_Retry_After_and_then_go_through()
    {
        slack.RateLimitNext("chat.postMessage", times: 2, retryAfterSeconds: 3);
        var posted = await Client().PostMessageAsync("D0123", "hello");

        Assert.NotNull(posted.Ts);
        Assert.Equal(3, slack.CallsTo("chat.postMessage").Count());
        Assert.Equal(TimeSpan.FromSeconds(6), time.Waited);
        Assert.Single(slack.MessagesIn("D0123"));
    }

    [Fact]
    public async Task Throttling_that_does_not_end_fails_after_a_bounded_number_of_tries()
    {
        slack.RateLimitNext("users.info", times: 10, retryAfterSeconds: 1);
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().GetUserAsync("U1"));

        Assert.Equal("ratelimited", error.Error);
        Assert.Equal(429, error.HttpStatus);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(ChatHttpResilience.MaxAttempts, slack.CallsTo("users.info").Count());
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_limit_fails_at_once_without_waiting()
    {
        slack.RateLimitNext("views.publish", times: 1, retryAfterSeconds: 120);
        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            Client().PublishHomeAsync("U1", new JsonObject { ["type"] = "home", ["blocks"] = Blocks("tasks") }));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(slack.CallsTo("views.publish"));
        Assert.Equal(TimeSpan.Zero, time.Waited);
    }

    [Fact]
    public async Task Waits_that_would_overrun_the_total_bound_are_not_made()
    {
        slack.RateLimitNext("users.info", times: 10, retryAfterSeconds: 25);
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().GetUserAsync("U1"));

        Assert.Equal("ratelimited", error.Error);
        Assert.Equal(3, slack.CallsTo("users.info").Count());
        Assert.Equal(TimeSpan.FromSeconds(50), time.Waited);
        Assert.True(time.Waited <= ChatHttpResilience.MaxTotalWait);
    }

    [Fact]
    public async Task A_post_that_timed_out_after_it_was_sent_is_not_repeated()
    {
        var carriedOut = slack.HoldNext("chat.postMessage");
        var posting = Client().PostMessageAsync("D0123", "once only");
        await carriedOut;
        time.Advance(ChatHttpResilience.AttemptTimeout);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => posting);
        Assert.Equal("timeout", error.Error);
        Assert.True(error.MayHaveBeenCarriedOut);
        Assert.Single(slack.CallsTo("chat.postMessage"));
        Assert.Single(slack.MessagesIn("D0123"));
    }

    [Fact]
    public async Task An_idempotent_call_that_timed_out_is_tried_again()
    {
        var held = slack.HoldNext("conversations.open");
        var opening = Client().OpenDirectMessageAsync("U1");
        await held;
        time.Advance(ChatHttpResilience.AttemptTimeout);

        Assert.StartsWith("D", await opening, StringComparison.Ordinal);
        Assert.Equal(2, slack.CallsTo("conversations.open").Count());
    }

    [Fact]
    public async Task A_post_that_met_a_server_error_is_not_repeated()
    {
        slack.FailNext("chat.postMessage", new FakeSlackFailure(503, "service_unavailable"));
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().PostMessageAsync("D0123", "once only"));

        Assert.Single(slack.CallsTo("chat.postMessage"));
        Assert.True(error.MayHaveBeenCarriedOut);
        Assert.Equal(503, error.HttpStatus);
    }

    [Fact]
    public async Task Idempotent_calls_are_retried_after_a_server_error()
    {
        var client = Client();
        var posted = await client.PostMessageAsync("D0123", "first");
        slack.FailNext("chat.update", new FakeSlackFailure(500, "internal_error"), new FakeSlackFailure(502, "bad_gateway"));
        await client.UpdateMessageAsync(posted.Channel, posted.Ts, "second");

        Assert.Equal(3, slack.CallsTo("chat.update").Count());
        Assert.Equal("second", slack.Messages[(posted.Channel, posted.Ts)].Text);
    }

    [Fact]
    public async Task Per_channel_limits_are_honoured_without_losing_a_message()
    {
        slack.Limit("chat.postMessage", 1, TimeSpan.FromSeconds(1), perChannel: true);
        var client = Client();
        for (var i = 0; i < 3; i++) await client.PostMessageAsync("C1", $"reminder {i}");
        await client.PostMessageAsync("C2", "other channel");

        Assert.Equal(3, slack.MessagesIn("C1").Count);
        Assert.Single(slack.MessagesIn("C2"));
        Assert.Equal(2, slack.CallsTo("chat.postMessage").Count(c => c.Status == 429));
        Assert.Equal(TimeSpan.FromSeconds(2), time.Waited);
    }

    [Fact]
    public async Task Modals_open_and_update_with_their_hash_and_the_Home_tab_publishes()
    {
        var client = Client();
        var modal = new JsonObject { ["type"] = "modal", ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Raise a risk" }, ["blocks"] = Blocks("form") };
        var opened = await client.OpenViewAsync("111.222.abc", modal);
        Assert.StartsWith("V", opened.Id, StringComparison.Ordinal);
        Assert.NotNull(opened.Hash);

        var updated = await client.UpdateViewAsync(opened.Id, modal, opened.Hash);
        Assert.Equal(opened.Id, updated.Id);
        var conflict = await Assert.ThrowsAsync<SlackApiException>(() => client.UpdateViewAsync(opened.Id, modal, opened.Hash));
        Assert.Equal("hash_conflict", conflict.Error);

        var home = await client.PublishHomeAsync("U1", new JsonObject { ["type"] = "home", ["blocks"] = Blocks("tasks") });
        Assert.Equal(home.Id, (await client.PublishHomeAsync("U1", new JsonObject { ["type"] = "home", ["blocks"] = Blocks("none") })).Id);
        Assert.Equal("none", slack.HomeViews["U1"]["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_trigger_is_reported_and_views_open_is_not_repeated()
    {
        slack.ExpiredTriggers["old.trigger"] = true;
        var modal = new JsonObject { ["type"] = "modal", ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Form" }, ["blocks"] = Blocks("x") };
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().OpenViewAsync("old.trigger", modal));
        Assert.Equal("expired_trigger_id", error.Error);
        Assert.Single(slack.CallsTo("views.open"));
    }

    [Fact]
    public async Task A_direct_message_channel_is_the_same_each_time()
    {
        var client = Client();
        var first = await client.OpenDirectMessageAsync("U1");
        Assert.StartsWith("D", first, StringComparison.Ordinal);
        Assert.Equal(first, await client.OpenDirectMessageAsync("U1"));
        Assert.NotEqual(first, await client.OpenDirectMessageAsync("U2"));
    }

    [Fact]
    public async Task Users_are_read_with_email_and_time_zone_and_found_by_email()
    {
        slack.AddUser("U1", "megan@contoso.example", "Megan Bowen", "America/Los_Angeles", -28800);
        var client = Client();

        var user = await client.GetUserAsync("U1");
        Assert.Equal(("megan@contoso.example", "America/Los_Angeles", -28800, "Megan"), (user.Email, user.TimeZone, user.TimeZoneOffsetSeconds, user.DisplayName));
        Assert.Equal("application/x-www-form-urlencoded", slack.CallsTo("users.info").Single().ContentType);
        var chatUser = user.ToChatUser();
        Assert.Equal(("slack", "U1", "megan@contoso.example", FakeSlackApi.TeamId), (chatUser.Platform, chatUser.UserId, chatUser.Email, chatUser.TenantId));

        Assert.Equal("U1", (await client.LookupUserByEmailAsync("MEGAN@contoso.example"))!.Id);
        Assert.Null(await client.LookupUserByEmailAsync("nobody@contoso.example"));
        var missing = await Assert.ThrowsAsync<SlackApiException>(() => client.GetUserAsync("U404"));
        Assert.Equal("user_not_found", missing.Error);
    }

    [Fact]
    public async Task A_shared_file_is_described_and_downloaded_with_the_bot_token()
    {
        var content = Encoding.UTF8.GetBytes("%PDF-1.7 access review");
        slack.AddFile("F1", "access review.pdf", "application/pdf", content);
        var client = Client();

        var file = await client.GetFileInfoAsync("F1");
        Assert.Equal(("access review.pdf", "application/pdf", (long?)content.Length), (file.Name, file.MimeType, file.Size));
        var chatFile = file.ToChatFile();
        await using var stream = await new SlackFileSource(client, ComplianceBot.Core.Filing.EvidencePolicy.Default).OpenAsync(chatFile);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal("Bearer " + slack.BotToken, slack.CallsTo("files.download").Single().Authorization);
    }

    [Fact]
    public async Task The_token_does_not_follow_a_redirect_to_another_host()
    {
        var file = slack.AddFile("F2", "evidence.csv", "text/csv", "a,b"u8.ToArray());
        var elsewhere = file.UrlPrivateDownload.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().DownloadFileAsync(slack.RedirectTo(elsewhere)));

        Assert.Equal("file_access_refused", error.Error);
        var download = Assert.Single(slack.CallsTo("files.download"));
        Assert.Equal("localhost", download.Argument("host"));
        Assert.Null(download.Authorization);
    }

    [Fact]
    public async Task The_registered_client_follows_a_redirect_on_the_same_host_itself_keeping_the_token()
    {
        var file = slack.AddFile("F5", "evidence.csv", "text/csv", "a,b"u8.ToArray());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "s", ["Slack:BotToken"] = slack.BotToken, ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSlackProtocol(configuration).BuildServiceProvider();
        var client = services.GetRequiredService<SlackWebApiClient>();

        await using var stream = await client.DownloadFileAsync(slack.RedirectTo(file.UrlPrivateDownload));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal("a,b"u8.ToArray(), copy.ToArray());
        Assert.Equal("Bearer " + slack.BotToken, slack.CallsTo("files.download").Single().Authorization);
    }

    [Fact]
    public async Task The_token_is_not_sent_to_a_host_that_is_not_Slacks()
    {
        var file = slack.AddFile("F3", "evidence.csv", "text/csv", "a,b"u8.ToArray());
        var foreign = file.UrlPrivateDownload.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        await Assert.ThrowsAsync<SlackApiException>(() => Client().DownloadFileAsync(foreign));
        Assert.Null(slack.CallsTo("files.download").Single().Authorization);
    }

    [Fact]
    public async Task A_file_larger_than_allowed_is_refused_before_it_is_read()
    {
        var file = slack.AddFile("F4", "big.zip", "application/zip", new byte[4096]);
        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().DownloadFileAsync(file.UrlPrivateDownload, maxBytes: 1024));
        Assert.Equal("file_too_large", error.Error);
    }

    [Fact]
    public async Task Unknown_files_and_plain_http_urls_are_refused()
    {
        var client = Client();
        Assert.Equal("file_not_found", (await Assert.ThrowsAsync<SlackApiException>(() => client.GetFileInfoAsync("F404"))).Error);
        Assert.Equal("invalid_url", (await Assert.ThrowsAsync<SlackApiException>(() => client.DownloadFileAsync("http://files.slack.com/x"))).Error);
    }

    [Fact]
    public void Slack_hosts_are_the_api_domain_and_its_subdomains()
    {
        var client = new SlackWebApiClient(http, new SlackOptions(), time, NullLogger<SlackWebApiClient>.Instance);
        Assert.True(client.IsSlackHost(new Uri("https://files.slack.com/files-pri/T1-F1/download/a.pdf")));
        Assert.True(client.IsSlackHost(new Uri("https://slack.com/api/files.info")));
        Assert.False(client.IsSlackHost(new Uri("https://slack.com.evil.example/x")));
        Assert.False(client.IsSlackHost(new Uri("https://notslack.com/x")));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_even_for_a_post_since_nothing_was_sent()
    {
        var closed = await FakeSlackApi.StartAsync(time);
        var apiBase = closed.ApiBaseUrl;
        await closed.DisposeAsync();

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client(apiBase: apiBase).PostMessageAsync("D1", "x"));
        Assert.Equal("network", error.Error);
        Assert.False(error.MayHaveBeenCarriedOut);
        Assert.True(time.Waited > TimeSpan.Zero);
    }
}
