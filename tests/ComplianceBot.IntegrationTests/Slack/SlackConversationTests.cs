using ComplianceBot.Core.Storage;
using ComplianceBot.IntegrationTests.Host;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Records;
using ComplianceBot.Fakes;
using Xunit;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>The three conversations end to end through Slack's request URLs, against the fake Web API.</summary>
public sealed class SlackConversationTests : IAsyncLifetime
{
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private SlackHost host = null!;

    public async Task InitializeAsync() => host = await SlackHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Risk_intake_opens_a_modal_names_the_wrong_fields_then_saves_and_tells_the_owner()
    {
        using var command = await host.PostCommandAsync(SlackHost.Nora, "risk", channel: "C0GENERAL1");
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        var open = Assert.Single(host.Slack.CallsTo("views.open"));
        var modal = (JsonObject)open.Arguments["view"]!;
        Assert.Equal("modal", modal["type"]!.GetValue<string>());
        // The owner is a users_select that starts on Nora; linked controls an external select the host serves.
        var elements = modal["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "input").ToDictionary(b => b!["block_id"]!.GetValue<string>(), b => b!["element"]!);
        Assert.Equal(("users_select", SlackHost.Nora), (elements["owner"]["type"]!.GetValue<string>(), elements["owner"]["initial_user"]!.GetValue<string>()));
        Assert.Equal("multi_external_select", elements["controls"]["type"]!.GetValue<string>());

        // Missing title and an impact out of range: errors beside those fields, nothing saved, the modal stays.
        using var invalid = await host.PostInteractionAsync(SlackPayloads.ViewSubmission(modal, new Dictionary<string, string>
        {
            ["title"] = "", ["description"] = "Laptops leave the office unencrypted", ["likelihood"] = "4", ["impact"] = "9",
        }, SlackHost.Nora));
        var errors = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", errors["response_action"]!.GetValue<string>());
        Assert.NotNull(errors["errors"]!["title"]);
        Assert.NotNull(errors["errors"]!["impact"]);
        Assert.Equal(0, await host.Store.CountAsync<Risk>());

        using var valid = await host.PostInteractionAsync(SlackPayloads.ViewSubmission(modal, new Dictionary<string, string>
        {
            ["title"] = "Unencrypted laptops", ["description"] = "Laptops leave the office unencrypted", ["category"] = "Technology",
            ["likelihood"] = "4", ["impact"] = "4", ["owner"] = SlackHost.Olive, ["treatment"] = "mitigate",
            ["controls"] = "AC-01,AC-02", ["reviewDate"] = "2027-01-15",
        }, SlackHost.Nora));
        Assert.Equal("clear", JsonNode.Parse(await valid.Content.ReadAsStringAsync())!["response_action"]!.GetValue<string>());

        var risk = Assert.Single(await host.Store.ListAsync<Risk>()).Document;
        Assert.Equal(("Unencrypted laptops", "olive@example.com"), (risk.Title, risk.OwnerId));
        Assert.Equal(["AC-01", "AC-02"], risk.LinkedControlIds);
        var saved = Assert.Single(host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Nora)));
        Assert.Contains(risk.Id, saved.Blocks!.ToJsonString(), StringComparison.Ordinal);
        var told = Assert.Single(host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Olive)));
        Assert.Contains(risk.Id, told.Text + told.Blocks?.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attestation_card_in_a_direct_message_is_answered_and_replaced_in_place()
    {
        using var asked = await host.PostEventAsync(host.DirectMessage(SlackHost.Olive, "attest AC-01"));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        await host.DrainAsync();
        var dm = SlackHost.DirectChannel(SlackHost.Olive);
        var card = Assert.Single(host.Slack.MessagesIn(dm));

        // Someone who neither owns nor stands in for AC-01 cannot answer it.
        using var refused = await host.PostInteractionAsync(SlackPayloads.BlockActions(card.Blocks!, "attest.submit",
            new Dictionary<string, string> { ["result"] = "operating" }, SlackHost.DirectChannel(SlackHost.Nora), card.Ts, SlackHost.Nora));
        await host.DrainAsync();
        Assert.DoesNotContain(await host.Store.ListAsync<Attestation>(), a => a.Document.Result is not null);

        // "Not operating" without a comment is refused with the reason on the card itself.
        using var noComment = await host.PostInteractionAsync(SlackPayloads.BlockActions(card.Blocks!, "attest.submit",
            new Dictionary<string, string> { ["result"] = "notOperating", ["comment"] = "" }, dm, card.Ts, SlackHost.Olive));
        await host.DrainAsync();
        Assert.DoesNotContain(await host.Store.ListAsync<Attestation>(), a => a.Document.Result is not null);
        Assert.Contains("comment", host.Slack.Messages[(dm, card.Ts)].Blocks!.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        using var answered = await host.PostInteractionAsync(SlackPayloads.BlockActions(card.Blocks!, "attest.submit",
            new Dictionary<string, string> { ["result"] = "operating", ["occurrences"] = "6", ["comment"] = "Every grant approved" }, dm, card.Ts, SlackHost.Olive));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await host.DrainAsync();

        var attestation = Assert.Single(await host.Store.ListAsync<Attestation>(), a => a.Document.Result is not null).Document;
        Assert.Equal("AC-01", attestation.ControlId);
        Assert.Equal("olive@example.com", attestation.AttestorId);
        var replaced = host.Slack.Messages[(dm, card.Ts)];
        Assert.True(replaced.Updates >= 1);
        Assert.DoesNotContain("attest.submit", replaced.Blocks!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_file_in_a_direct_message_is_filed_write_once_with_its_hash_and_sent_for_review()
    {
        var content = Encoding.UTF8.GetBytes("Access review export, November 2026\n");
        var file = host.Slack.AddFile("F0REVIEW01", "access-review.csv", "text/csv", content);
        using var shared = await host.PostEventAsync(host.DirectMessage(SlackHost.Olive, "", new JsonArray(new JsonObject { ["id"] = file.Id, ["name"] = file.Name })));
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);

        // The same upload also arrives as file_shared: one delivery, one question.
        using var alsoShared = await host.PostEventAsync(host.EventCallback(new JsonObject
        {
            ["type"] = "file_shared", ["file_id"] = file.Id, ["user_id"] = SlackHost.Olive, ["channel_id"] = SlackHost.DirectChannel(SlackHost.Olive),
            ["event_ts"] = $"{host.Now}.000200",
        }));
        await host.DrainAsync();
        var dm = SlackHost.DirectChannel(SlackHost.Olive);
        var request = Assert.Single(host.Slack.MessagesIn(dm));

        using var filed = await host.PostInteractionAsync(SlackPayloads.BlockActions(request.Blocks!, "evidence.file",
            new Dictionary<string, string> { ["control"] = "AC-01", ["effectiveDate"] = "2026-09-19" }, dm, request.Ts, SlackHost.Olive));
        await host.DrainAsync();

        var evidence = Assert.Single(await host.Store.ListAsync<Evidence>()).Document;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), evidence.Sha256);
        Assert.Equal(["AC-01"], evidence.ControlIds);
        Assert.Equal(EvidenceReview.Submitted, evidence.Review);
        var answer = host.Slack.Messages[(dm, request.Ts)].Blocks!.ToJsonString(Readable);
        Assert.Contains(string.Join(' ', evidence.Sha256.Chunk(8).Select(c => new string(c))), answer, StringComparison.Ordinal); // whole, in groups of eight so it wraps
        Assert.Contains("Nobody can review it yet", answer, StringComparison.Ordinal); // no reviewer, no compliance admin
        Assert.All(host.Slack.CallsTo("files.download").Concat(host.Slack.CallsTo("files.info")), c => Assert.Equal("Bearer " + host.Slack.BotToken, c.Authorization));
    }

    /// <summary>Olive files evidence for AC-01 (which she attested for 2026-Q3); Nora reviews AC-01's evidence.</summary>
    private async Task<(string OliveDm, string NoraDm, FakeSlackMessage Review)> EvidenceForReviewAsync()
    {
        using (await host.PostEventAsync(host.DirectMessage(SlackHost.Nora, "help"))) await host.DrainAsync();
        await host.Store.UpdateAsync<Control>("AC-01", c => c with { ReviewerId = "nora@example.com" });
        await Factory.Services.GetRequiredService<ComplianceBot.Core.Attesting.AttestationBook>().AnswerAsync(
            new ComplianceBot.Core.Attesting.AttestationAnswer("AC-01", "olive@example.com", AttestationResult.Operating, null, [], "2026-Q3", Occurrences: 4));

        var file = host.Slack.AddFile("F0REVIEW02", "access-review-q3.csv", "text/csv", Encoding.UTF8.GetBytes("grant,approver\n"));
        using (await host.PostEventAsync(host.DirectMessage(SlackHost.Olive, "", new JsonArray(new JsonObject { ["id"] = file.Id, ["name"] = file.Name })))) await host.DrainAsync();
        var (oliveDm, noraDm) = (SlackHost.DirectChannel(SlackHost.Olive), SlackHost.DirectChannel(SlackHost.Nora));
        var messages = host.Slack.MessagesIn(oliveDm);
        var request = messages[^1];
        using (await host.PostInteractionAsync(SlackPayloads.BlockActions(request.Blocks!, "evidence.file",
            new Dictionary<string, string> { ["control"] = "AC-01", ["effectiveDate"] = "2026-09-19" }, oliveDm, request.Ts, SlackHost.Olive))) await host.DrainAsync();

        Assert.Contains("Sent for review to Nora North", host.Slack.Messages[(oliveDm, request.Ts)].Blocks!.ToJsonString(), StringComparison.Ordinal);
        var review = host.Slack.MessagesIn(noraDm).Single(m => m.Blocks?.ToJsonString().Contains("evidence.approve", StringComparison.Ordinal) == true);
        return (oliveDm, noraDm, review);
    }

    private ComplianceBotFactory Factory => host.Factory;

    private async Task<ComplianceBot.Core.Coverage.ControlState> StateOfAc01Async() =>
        (await Factory.Services.GetRequiredService<ComplianceBot.Core.Coverage.CoverageEngine>().ComputeAsync()).Controls.Single(c => c.ControlId == "AC-01").State;

    [Fact]
    public async Task NotApplicableApproval_in_Slack_unapproved_changes_nothing_and_the_admins_approval_excludes_the_control()
    {
        var nora = (await host.Store.FindAsync<Person>("nora@example.com"))!;
        await host.Store.ReplaceAsync(nora.Document with { Roles = ["compliance-admin"] }, nora.ETag);
        using (await host.PostEventAsync(host.DirectMessage(SlackHost.Nora, "help"))) await host.DrainAsync();
        var (oliveDm, noraDm) = (SlackHost.DirectChannel(SlackHost.Olive), SlackHost.DirectChannel(SlackHost.Nora));
        var before = await Factory.Services.GetRequiredService<ComplianceBot.Core.Coverage.CoverageEngine>().ComputeAsync();

        using (await host.PostEventAsync(host.DirectMessage(SlackHost.Olive, "attest AC-01"))) await host.DrainAsync();
        var card = Assert.Single(host.Slack.MessagesIn(oliveDm));
        using (await host.PostInteractionAsync(SlackPayloads.BlockActions(card.Blocks!, "attest.submit",
            new Dictionary<string, string> { ["result"] = "notApplicable", ["comment"] = "The system was retired in June." }, oliveDm, card.Ts, SlackHost.Olive))) await host.DrainAsync();
        Assert.Contains("Sent to Nora North for approval", host.Slack.Messages[(oliveDm, card.Ts)].Blocks!.ToJsonString(), StringComparison.Ordinal);

        var ask = host.Slack.MessagesIn(noraDm).Single(m => m.Blocks?.ToJsonString().Contains("attest.na.approve", StringComparison.Ordinal) == true);
        var pending = await Factory.Services.GetRequiredService<ComplianceBot.Core.Coverage.CoverageEngine>().ComputeAsync();
        Assert.Equal((before.For("iso27001")!.Percent, before.For("iso27001")!.Excluded), (pending.For("iso27001")!.Percent, pending.For("iso27001")!.Excluded));
        Assert.Equal(ComplianceBot.Core.Coverage.ControlState.Gap, pending.Controls.Single(c => c.ControlId == "AC-01").State);

        using (await host.PostInteractionAsync(SlackPayloads.BlockActions(ask.Blocks!, "attest.na.approve",
            new Dictionary<string, string>(), noraDm, ask.Ts, SlackHost.Nora))) await host.DrainAsync();
        Assert.Contains("Approved by Nora North", host.Slack.Messages[(noraDm, ask.Ts)].Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(host.Slack.MessagesIn(oliveDm), m => m.Text?.Contains("answer for AC-01 2026-Q3.", StringComparison.Ordinal) == true);
        Assert.Equal(ComplianceBot.Core.Coverage.ControlState.NotApplicable, await StateOfAc01Async());
    }

    [Fact]
    public async Task EvidenceReview_in_Slack_the_reviewer_approves_the_uploader_is_told_and_coverage_changes_on_approval_only()
    {
        var (oliveDm, noraDm, review) = await EvidenceForReviewAsync();
        Assert.Equal(ComplianceBot.Core.Coverage.ControlState.Partial, await StateOfAc01Async()); // operated, evidence not yet approved

        using var approved = await host.PostInteractionAsync(SlackPayloads.BlockActions(review.Blocks!, "evidence.approve",
            new Dictionary<string, string>(), noraDm, review.Ts, SlackHost.Nora));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await host.DrainAsync();

        Assert.Equal(EvidenceReview.Approved, Assert.Single(await host.Store.ListAsync<Evidence>()).Document.Review);
        Assert.Equal(ComplianceBot.Core.Coverage.ControlState.Effective, await StateOfAc01Async());
        var decided = host.Slack.Messages[(noraDm, review.Ts)].Blocks!.ToJsonString();
        Assert.Contains("Approved by Nora North", decided, StringComparison.Ordinal);
        Assert.DoesNotContain("evidence.approve", decided, StringComparison.Ordinal);
        Assert.Contains(host.Slack.MessagesIn(oliveDm), m => m.Text?.StartsWith("Nora North approved access-review-q3.csv", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task EvidenceReview_in_Slack_a_rejection_names_the_missing_reason_then_tells_the_uploader_why()
    {
        var (oliveDm, noraDm, review) = await EvidenceForReviewAsync();

        using (await host.PostInteractionAsync(SlackPayloads.BlockActions(review.Blocks!, "evidence.reject",
            new Dictionary<string, string> { ["reason"] = "" }, noraDm, review.Ts, SlackHost.Nora))) await host.DrainAsync();
        Assert.Contains("Say why", host.Slack.Messages[(noraDm, review.Ts)].Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(EvidenceReview.Submitted, Assert.Single(await host.Store.ListAsync<Evidence>()).Document.Review);

        var again = host.Slack.Messages[(noraDm, review.Ts)];
        using (await host.PostInteractionAsync(SlackPayloads.BlockActions(again.Blocks!, "evidence.reject",
            new Dictionary<string, string> { ["reason"] = "Export from June, not Q3" }, noraDm, review.Ts, SlackHost.Nora))) await host.DrainAsync();

        var evidence = Assert.Single(await host.Store.ListAsync<Evidence>()).Document;
        Assert.Equal((EvidenceReview.Rejected, "Export from June, not Q3"), (evidence.Review, evidence.ReviewNote));
        Assert.Equal(ComplianceBot.Core.Coverage.ControlState.Partial, await StateOfAc01Async());
        Assert.Contains(host.Slack.MessagesIn(oliveDm), m => m.Text?.Contains("rejected access-review-q3.csv", StringComparison.Ordinal) == true
            && m.Text.Contains("Export from June, not Q3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_oversized_file_is_refused_with_a_message_and_nothing_is_filed()
    {
        var file = host.Slack.AddFile("F0HUGE0001", "dump.zip", "application/zip", new byte[2 * 1024 * 1024]);
        using var shared = await host.PostEventAsync(host.DirectMessage(SlackHost.Olive, "", new JsonArray(new JsonObject { ["id"] = file.Id })));
        await host.DrainAsync();
        var refusal = Assert.Single(host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Olive)));
        Assert.Contains("at most", refusal.Text, StringComparison.Ordinal);
        Assert.Empty(await host.Store.ListAsync<Evidence>());
        Assert.Empty(await host.Store.ListAsync<PendingUpload>());
    }

    [Fact]
    public async Task The_same_event_delivered_three_times_with_retry_headers_has_one_effect()
    {
        var envelope = host.DirectMessage(SlackHost.Olive, "help", eventId: "Ev0RETRY0001");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await host.PostEventAsync(envelope, retryNum: attempt == 0 ? null : attempt);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await host.DrainAsync();
        Assert.Single(host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Olive)));
    }

    [Fact]
    public async Task Home_tab_lists_the_persons_tasks_and_strangers_get_a_clear_answer()
    {
        using var opened = await host.PostEventAsync(host.EventCallback(new JsonObject
        {
            ["type"] = "app_home_opened", ["user"] = SlackHost.Olive, ["channel"] = SlackHost.DirectChannel(SlackHost.Olive), ["tab"] = "home",
            ["event_ts"] = $"{host.Now}.000300",
        }));
        using var stranger = await host.PostEventAsync(host.DirectMessage(SlackHost.Stranger, "hello"));
        await host.DrainAsync();

        var home = host.Slack.HomeViews[SlackHost.Olive];
        Assert.Equal("home", home["type"]!.GetValue<string>());
        Assert.Contains("AC-01", home.ToJsonString(), StringComparison.Ordinal);
        var answer = Assert.Single(host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Stranger)));
        Assert.Contains("don't know you", answer.Text, StringComparison.Ordinal);

        // Olive's time zone comes from Slack.
        Assert.Equal("America/New_York", (await host.Store.FindAsync<Person>("olive@example.com"))!.Document.TimeZone);
    }

    [Fact]
    public async Task DayOne_a_workspace_member_nobody_added_says_hi_gets_help_raises_a_risk_and_sees_their_tasks()
    {
        const string Newbie = "U0NEWBIE1";
        host.Slack.AddUser(Newbie, "nina.new@example.com", "Nina New", "Europe/Berlin");
        host.Slack.DirectChannels[Newbie] = SlackHost.DirectChannel(Newbie);

        using (await host.PostEventAsync(host.DirectMessage(Newbie, "hi"))) await host.DrainAsync();
        var help = Assert.Single(host.Slack.MessagesIn(SlackHost.DirectChannel(Newbie)));
        Assert.Contains("Hi Nina", help.Blocks!.ToJsonString(), StringComparison.Ordinal);
        var nina = (await host.Store.FindAsync<Person>("nina.new@example.com"))!.Document;
        Assert.Equal(("Nina New", "Europe/Berlin", 0), (nina.DisplayName, nina.TimeZone, nina.Roles.Count));

        using var command = await host.PostCommandAsync(Newbie, "risk");
        var modal = (JsonObject)host.Slack.CallsTo("views.open").Last().Arguments["view"]!;
        using var saved = await host.PostInteractionAsync(SlackPayloads.ViewSubmission(modal, new Dictionary<string, string>
        {
            ["title"] = "Visitors tailgate through the side door", ["description"] = "The side door does not close by itself.", ["category"] = "Technology",
            ["likelihood"] = "3", ["impact"] = "3", ["treatment"] = "mitigate", ["reviewDate"] = "2027-02-01",
        }, Newbie)); // the owner picker starts on Nina herself
        Assert.Equal("clear", JsonNode.Parse(await saved.Content.ReadAsStringAsync())!["response_action"]!.GetValue<string>());
        var raised = Assert.Single(await host.Store.ListAsync<Risk>()).Document;
        Assert.Equal(("nina.new@example.com", "nina.new@example.com"), (raised.RaisedBy, raised.OwnerId));

        using (await host.PostEventAsync(host.DirectMessage(Newbie, "tasks"))) await host.DrainAsync();
        Assert.Contains(host.Slack.MessagesIn(SlackHost.DirectChannel(Newbie)), m => (m.Blocks?.ToJsonString() ?? "").Contains("Your tasks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Control_typeahead_answers_block_suggestion_with_the_matching_controls()
    {
        using var response = await host.PostInteractionAsync(Suggestion("controls#controls", "crypt"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var options = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["options"]!.AsArray();
        Assert.NotEmpty(options);
        Assert.All(options, o => Assert.Equal("plain_text", o!["text"]!["type"]!.GetValue<string>()));
        Assert.Contains(options, o => o!["text"]!["text"]!.GetValue<string>().Contains("ncrypt", StringComparison.OrdinalIgnoreCase));

        using var all = await host.PostInteractionAsync(Suggestion("controls#controls", ""));
        Assert.Equal(72, JsonNode.Parse(await all.Content.ReadAsStringAsync())!["options"]!.AsArray().Count); // the starter library, under Slack's 100

        using var unknown = await host.PostInteractionAsync(Suggestion("controls#salaries", "a"));
        Assert.Empty(JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["options"]!.AsArray());
        using var noDataset = await host.PostInteractionAsync(Suggestion("controls", "a"));
        Assert.Equal(HttpStatusCode.BadRequest, noDataset.StatusCode);
    }

    [Fact]
    public async Task A_risk_owner_picked_in_slack_who_never_wrote_is_looked_up_and_enrolled()
    {
        host.Slack.AddUser("U0PAT0001", "pat@example.com", "Pat Picked");
        host.Slack.DirectChannels["U0PAT0001"] = SlackHost.DirectChannel("U0PAT0001");
        using var command = await host.PostCommandAsync(SlackHost.Nora, "risk");
        var modal = (JsonObject)host.Slack.CallsTo("views.open").Last().Arguments["view"]!;
        using var saved = await host.PostInteractionAsync(SlackPayloads.ViewSubmission(modal, new Dictionary<string, string>
        {
            ["title"] = "Shared admin password on the firewall", ["category"] = "Technology", ["likelihood"] = "3", ["impact"] = "5",
            ["owner"] = "U0PAT0001", ["reviewDate"] = "2027-02-01",
        }, SlackHost.Nora));
        Assert.Equal("clear", JsonNode.Parse(await saved.Content.ReadAsStringAsync())!["response_action"]!.GetValue<string>());
        Assert.Equal("pat@example.com", Assert.Single(await host.Store.ListAsync<Risk>()).Document.OwnerId);
        Assert.Equal("Pat Picked", (await host.Store.FindAsync<Person>("pat@example.com"))!.Document.DisplayName);
        Assert.Contains(host.Slack.MessagesIn(SlackHost.DirectChannel("U0PAT0001")), m => (m.Text + m.Blocks?.ToJsonString()).Contains("RISK-0001", StringComparison.Ordinal));

        // Someone of another workspace is refused beside the owner field.
        using var refused = await host.PostInteractionAsync(SlackPayloads.ViewSubmission(modal, new Dictionary<string, string>
        {
            ["title"] = "Another firewall risk to record", ["category"] = "Technology", ["likelihood"] = "3", ["impact"] = "5",
            ["owner"] = SlackHost.Stranger, ["reviewDate"] = "2027-02-01",
        }, SlackHost.Nora));
        var errors = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Contains("not someone ComplianceBot can reach", errors["errors"]!["owner"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static JsonObject Suggestion(string actionId, string value) => new()
    {
        ["type"] = "block_suggestion",
        ["user"] = new JsonObject { ["id"] = SlackHost.Nora, ["team_id"] = FakeSlackApi.TeamId },
        ["team"] = new JsonObject { ["id"] = FakeSlackApi.TeamId },
        ["action_id"] = actionId, ["block_id"] = "controls", ["value"] = value, ["api_app_id"] = "A0COMPLIANCE",
        ["view"] = new JsonObject { ["id"] = "V0RISK001", ["hash"] = "1712345678.abcd", ["callback_id"] = "risk.submit", ["private_metadata"] = "{}", ["type"] = "modal" },
    };

    [Fact]
    public async Task DayOne_guests_and_members_of_another_workspace_are_not_enrolled()
    {
        await using var pinned = await SlackHost.StartAsync(new Dictionary<string, string?> { ["Slack:TeamId"] = "T0OURSONLY" });
        using (await pinned.PostEventAsync(pinned.DirectMessage(SlackHost.Nora, "hi"))) await pinned.DrainAsync(); // known: added by an admin
        pinned.Slack.AddUser("U0NEWBIE2", "ned@example.com", "Ned New");
        pinned.Slack.DirectChannels["U0NEWBIE2"] = SlackHost.DirectChannel("U0NEWBIE2");
        using (await pinned.PostEventAsync(pinned.DirectMessage("U0NEWBIE2", "hi"))) await pinned.DrainAsync(); // the fake's workspace is not T0OURSONLY
        Assert.Null(await pinned.Store.FindAsync<Person>("ned@example.com"));
        Assert.Contains("don't know you", Assert.Single(pinned.Slack.MessagesIn(SlackHost.DirectChannel("U0NEWBIE2"))).Text, StringComparison.Ordinal);

        var guest = host.Slack.AddUser("U0GUEST01", "gail@agency.example", "Gail Guest");
        guest["is_restricted"] = true;
        host.Slack.DirectChannels["U0GUEST01"] = SlackHost.DirectChannel("U0GUEST01");
        using (await host.PostEventAsync(host.DirectMessage("U0GUEST01", "hi"))) await host.DrainAsync();
        Assert.Null(await host.Store.FindAsync<Person>("gail@agency.example"));
    }

    [Fact]
    public async Task Someone_Slack_will_not_describe_is_told_they_are_not_known()
    {
        using var response = await host.PostEventAsync(host.DirectMessage("U0GHOST01", "risk"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.DrainAsync();
        var answer = Assert.Single(host.Slack.MessagesIn(SlackHost.DirectChannel("U0GHOST01")));
        Assert.Contains("don't know you", answer.Text, StringComparison.Ordinal);
        Assert.Equal(0, await host.Store.CountAsync<Risk>());
    }

    [Fact]
    public async Task Unknown_button_and_commands_get_a_user_facing_answer()
    {
        var blocks = new JsonArray(new JsonObject
        {
            ["type"] = "actions",
            ["elements"] = new JsonArray(new JsonObject
            {
                ["type"] = "button", ["action_id"] = "legacy.thing", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Old" }, ["value"] = "{}",
            }),
        });
        using var click = await host.PostInteractionAsync(SlackPayloads.BlockActions(blocks, "legacy.thing", channel: SlackHost.DirectChannel(SlackHost.Olive), userId: SlackHost.Olive));
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        using var status = await host.PostCommandAsync(SlackHost.Olive, "status", channel: "C0GENERAL1");
        Assert.Contains("direct messages", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await host.DrainAsync();

        var messages = host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Olive));
        Assert.Contains(messages, m => m.Text?.Contains("older card", StringComparison.Ordinal) == true);
        Assert.Contains(messages, m => m.Blocks?.ToJsonString().Contains("ISO", StringComparison.Ordinal) == true);
    }
}
