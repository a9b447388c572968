using ComplianceBot.Core.Conversations;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text;
using ComplianceBot.Core.Records;
using ComplianceBot.Fakes;

using ComplianceBot.IntegrationTests.Storage;

namespace ComplianceBot.IntegrationTests.Teams;

public sealed class TeamsEndpointTests : IAsyncLifetime
{
    private TeamsHost host = null!;

    public async Task InitializeAsync() => host = await TeamsHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_message_is_acknowledged_and_answered_through_the_connector()
    {
        var response = await host.PostAsync(host.Message("hi"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var reply = Assert.Single(await host.Connector.WaitForDeliveriesAsync(1));
        Assert.Equal(("POST", "a:dm-29olive"), (reply.Method, reply.ConversationId));
        Assert.StartsWith("1485983408", reply.ActivityId, StringComparison.Ordinal); // a reply to the activity
        Assert.Equal("Hi Olive, I'm ComplianceBot", reply.Card!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Bearer connector-token-1", reply.Authorization);
        Assert.Equal("28:" + LocalOpenIdIssuer.AppId, reply.Body["from"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("garbled")]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-audience")]
    [InlineData("expired")]
    [InlineData("unendorsed")]
    [InlineData("serviceurl-mismatch")]
    public async Task Unauthenticated_activities_are_refused_and_nothing_is_processed(string problem)
    {
        var activity = host.Message("hi");
        var serviceUrl = host.Connector.ServiceUrl;
        string? token = problem switch
        {
            "garbled" => "eyJhbGciOiJSUzI1NiJ9.garbage.sig",
            "wrong-issuer" => host.Issuer.ChannelToken(serviceUrl, issuer: "https://sts.evil.example"),
            "wrong-audience" => host.Issuer.ChannelToken(serviceUrl, audience: "another-bot"),
            "expired" => host.Issuer.ChannelToken(serviceUrl, expires: host.Issuer.Now().AddMinutes(-10), notBefore: host.Issuer.Now().AddHours(-1)),
            "serviceurl-mismatch" => host.Issuer.ChannelToken("https://smba.trafficmanager.net/emea/"),
            _ => host.Issuer.ChannelToken(serviceUrl),
        };
        if (problem == "unendorsed") activity["channelId"] = "slack";

        HttpResponseMessage response;
        if (problem == "none")
        {
            response = await host.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        }
        else
        {
            response = await host.PostAsync(activity, token);
        }

        var expected = problem is "unendorsed" or "serviceurl-mismatch" ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(await host.Inbox.AllAsync());
        Assert.Empty(host.Connector.Calls);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{\"type\":\"message\",\"text\":\"no conversation\"}")]
    public async Task Malformed_activities_are_400(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", host.Issuer.ChannelToken(host.Connector.ServiceUrl));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.SendAsync(request)).StatusCode);
        Assert.Empty(await host.Inbox.AllAsync());
    }

    [Fact]
    public async Task An_activity_delivered_twice_is_processed_once()
    {
        var activity = host.Message("status", id: "1485983408511");
        Assert.Equal(HttpStatusCode.Accepted, (await host.PostAsync(activity)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(activity)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(activity)).StatusCode);

        await host.Connector.WaitForDeliveriesAsync(1);
        await WaitUntilInboxDrainedAsync();
        Assert.Single(host.Connector.Delivered);

        // Done: the delivery id is kept to recognise later redeliveries, the message itself is not.
        var item = Assert.Single(await host.Inbox.AllAsync()).Document;
        Assert.Equal((InboxState.Done, ""), (item.State, item.Payload));
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(activity)).StatusCode);
    }

    [Fact]
    public async Task Throttling_then_an_outage_still_delivers_the_reply_exactly_once()
    {
        host.Connector.FailNext((429, 1), (503, null));
        await host.PostAsync(host.Message("status"));

        // The connector client waits on the host's clock: move it on until the retries have gone through.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!host.Connector.Delivered.Any() && DateTime.UtcNow < deadline)
        {
            host.Factory.Time.Advance(TimeSpan.FromMilliseconds(500));
            Thread.Sleep(20);
        }

        var delivered = await host.Connector.WaitForDeliveriesAsync(1);
        await WaitUntilInboxDrainedAsync();
        Assert.Single(delivered);
        Assert.Equal([429, 503, 200], host.Connector.Calls.Where(c => c.Method == "POST").Select(c => c.Status));
    }

    [Fact]
    public async Task Attestation_by_Action_Execute_answers_with_the_refreshed_card()
    {
        var response = await host.PostAsync(host.Execute("attest.submit", new JsonObject
        {
            ["action"] = "attest.submit", ["controlId"] = "AC-01", ["result"] = "notOperating", ["comment"] = "Two grants skipped approval.",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("application/vnd.microsoft.card.adaptive", 200), (body["type"]!.GetValue<string>(), body["statusCode"]!.GetValue<int>()));
        Assert.Equal("AC-01 attested for 2026-Q3", body["value"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("risk.open", body["value"]!["actions"]![0]!["verb"]!.GetValue<string>());
        Assert.Equal(AttestationResult.NotOperating, (await host.Store.FindAsync<Attestation>("AC-01:2026-Q3"))!.Document.Result);
    }

    [Fact]
    public async Task Invoke_with_invalid_answer_returns_the_card_with_the_field_named()
    {
        var response = await host.PostAsync(host.Execute("attest.submit", new JsonObject { ["controlId"] = "AC-01", ["result"] = "notOperating" }));
        var card = (await response.Content.ReadFromJsonAsync<JsonObject>())!["value"]!;
        Assert.Contains("Say what is not working", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(await host.Store.FindAsync<Attestation>("AC-01:2026-Q3"));
    }

    [Fact]
    public async Task Action_Submit_replaces_the_answered_card_in_place()
    {
        await host.PostAsync(host.Submit(new JsonObject { ["action"] = "attest.submit", ["controlId"] = "AC-01", ["result"] = "operating", ["occurrences"] = "9" }, replyToId: "card-42"));
        var update = Assert.Single(await host.Connector.WaitForDeliveriesAsync(1));
        Assert.Equal(("PUT", "card-42"), (update.Method, update.ActivityId));
        Assert.Equal("AC-01 attested for 2026-Q3", update.Card!["body"]![0]!["text"]!.GetValue<string>());
        // No stale answer buttons; only the offer to upload the evidence the period still lacks.
        Assert.Equal(["evidence.start"], (update.Card["actions"]?.AsArray() ?? []).Select(a => a!["verb"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_file_sent_in_the_chat_is_filed_as_evidence_with_its_hash()
    {
        var content = Encoding.UTF8.GetBytes("%PDF-1.7 quarterly access review");
        host.Connector.Files["review.pdf"] = content;
        await host.PostAsync(host.FileMessage("access-review.pdf", "pdf", host.Connector.BaseUrl + "/files/review.pdf"));
        var request = Assert.Single(await host.Connector.WaitForDeliveriesAsync(1)).Card!;
        Assert.Equal("File evidence", request["body"]![0]!["text"]!.GetValue<string>());
        var uploadId = request["actions"]![0]!["data"]!["uploadId"]!.GetValue<string>();

        var filed = await host.PostAsync(host.Execute("evidence.file", new JsonObject
        {
            ["uploadId"] = uploadId, ["control"] = "AC-01", ["effectiveDate"] = "2026-11-18",
        }));
        var card = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["value"]!;
        Assert.Equal("Filed access-review.pdf for AC-01", card["body"]![0]!["text"]!.GetValue<string>());
        var evidence = (await host.Store.ListEvidenceForControlAsync("AC-01")).Single();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), evidence.Sha256);
        Assert.Equal("application/pdf", evidence.ContentType);
    }

    [Fact]
    public async Task Unknown_invoke_names_are_501_and_invokes_without_an_action_400()
    {
        var taskFetch = host.Execute("x", []);
        taskFetch["name"] = "task/fetch";
        Assert.Equal(HttpStatusCode.NotImplemented, (await host.PostAsync(taskFetch)).StatusCode);

        var empty = host.Execute("x", []);
        empty["value"] = new JsonObject();
        var body = (await (await host.PostAsync(empty)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Someone_the_bot_does_not_know_is_told_so()
    {
        host.Connector.Emails["29:stranger"] = "stranger@example.com";
        await host.PostAsync(host.Message("hi", from: "29:stranger"));
        var reply = Assert.Single(await host.Connector.WaitForDeliveriesAsync(1));
        Assert.Contains("I don't know you yet (stranger@example.com)", reply.Text, StringComparison.Ordinal);
    }

    private async Task WaitUntilInboxDrainedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var items = await host.Inbox.AllAsync();
            if (items.All(i => i.Document.State != InboxState.Pending)) return;
            Thread.Sleep(20);
        }

        throw new TimeoutException("The inbox was not drained.");
    }

    [Fact]
    public async Task NotApplicableApproval_in_Teams_unapproved_changes_nothing_and_the_admins_approval_excludes_the_control()
    {
        // Dan is a compliance admin; he has talked to the bot, so the approval card can reach him.
        var dan = (await host.Store.FindAsync<Person>("dan@example.com"))!;
        await host.Store.ReplaceAsync(dan.Document with { Roles = [ReminderConversation.ComplianceAdminRole] }, dan.ETag);
        await host.PostAsync(host.Message("hi", from: TeamsHost.DanId));
        await host.Connector.WaitForDeliveriesAsync(1);
        await WaitUntilInboxDrainedAsync();
        host.Connector.Calls.Clear();
        var engine = host.Factory.Services.GetRequiredService<ComplianceBot.Core.Coverage.CoverageEngine>();
        var before = await engine.ComputeAsync();

        var answered = await host.PostAsync(host.Execute("attest.submit", new JsonObject
        {
            ["action"] = "attest.submit", ["controlId"] = "AC-01", ["period"] = "2026-Q3", ["result"] = "notApplicable", ["comment"] = "No access grants: the system was retired in June.",
        }));
        var card = (await answered.Content.ReadFromJsonAsync<JsonObject>())!["value"]!.ToJsonString();
        Assert.Contains("Sent to Dan Delegate for approval", card, StringComparison.Ordinal);
        var ask = Assert.Single(await host.Connector.WaitForDeliveriesAsync(1));
        Assert.Equal("a:dm-29dan", ask.ConversationId);
        Assert.StartsWith("Not applicable? AC-01", ask.Card!["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var pending = await engine.ComputeAsync();
        Assert.Equal(before.For("iso27001")!.Percent, pending.For("iso27001")!.Percent);
        Assert.Equal(before.For("iso27001")!.Excluded, pending.For("iso27001")!.Excluded);
        Assert.Equal(ComplianceBot.Core.Coverage.ControlFinding.NotApplicablePendingApproval, pending.Controls.Single(c => c.ControlId == "AC-01").Finding);

        var approved = await host.PostAsync(host.Execute("attest.na.approve", new JsonObject { ["action"] = "attest.na.approve", ["attestationId"] = "AC-01:2026-Q3" }, from: TeamsHost.DanId));
        Assert.Contains("Approved by Dan Delegate", (await approved.Content.ReadFromJsonAsync<JsonObject>())!["value"]!.ToJsonString(), StringComparison.Ordinal);
        var deliveries = await host.Connector.WaitForDeliveriesAsync(2);
        var told = deliveries[^1];
        Assert.Equal("a:dm-29olive", told.ConversationId);
        Assert.Contains("answer for AC-01 2026-Q3.", told.Body.ToJsonString(), StringComparison.Ordinal);

        var after = await engine.ComputeAsync();
        Assert.Equal(ComplianceBot.Core.Coverage.ControlState.NotApplicable, after.Controls.Single(c => c.ControlId == "AC-01").State);
        Assert.Equal(NotApplicableApproval.Approved, (await host.Store.FindAsync<Attestation>("AC-01:2026-Q3"))!.Document.Approval);
    }
}
