using System.Text.Json.Nodes;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Fakes;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>A risk reviewed in a Slack modal and its acceptance approved by the risk owner with a button in her DM.</summary>
public sealed class SlackRiskLifecycleTests : IAsyncLifetime
{
    private SlackHost host = null!;

    public async Task InitializeAsync() => host = await SlackHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task RiskLifecycle_acceptance_is_proposed_in_a_modal_and_approved_by_the_risk_owner_in_Slack()
    {
        await host.Store.UpdateAsync<Person>("nora@example.com", p => p with { Roles = [ReminderConversation.ComplianceAdminRole] });
        using (await host.PostCommandAsync(SlackHost.Nora, "risk")) { }
        var intake = (JsonObject)host.Slack.CallsTo("views.open").Last().Arguments["view"]!;
        using (await host.PostInteractionAsync(SlackPayloads.ViewSubmission(intake, new Dictionary<string, string>
        {
            ["title"] = "Visitors tailgate through the side door", ["category"] = "Operational", ["likelihood"] = "3", ["impact"] = "3",
            ["owner"] = SlackHost.Olive, ["reviewDate"] = "2027-02-01",
        }, SlackHost.Nora))) { }
        Assert.Equal("olive@example.com", (await host.Store.FindAsync<Risk>("RISK-0001"))!.Document.OwnerId);

        using (await host.PostCommandAsync(SlackHost.Nora, "review RISK-0001")) { }
        var review = (JsonObject)host.Slack.CallsTo("views.open").Last().Arguments["view"]!;
        Assert.Contains("Review RISK-0001", review.ToJsonString(), StringComparison.Ordinal);
        using var submitted = await host.PostInteractionAsync(SlackPayloads.ViewSubmission(review, new Dictionary<string, string>
        {
            ["status"] = "accept", ["comment"] = "A door closer is on order.", ["justification"] = "Reception watches the door until the closer is fitted.",
            ["acceptUntil"] = "2027-01-31", ["reviewDate"] = "2027-01-31",
        }, SlackHost.Nora));
        Assert.Equal("clear", JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["response_action"]!.GetValue<string>());

        var dm = SlackHost.DirectChannel(SlackHost.Olive);
        var card = host.Slack.MessagesIn(dm).Single(m => (m.Blocks?.ToJsonString() ?? "").Contains("Accept RISK-0001?", StringComparison.Ordinal));
        using (await host.PostInteractionAsync(SlackPayloads.BlockActions(card.Blocks!, RiskReviewConversation.ApproveAction, null, dm, card.Ts, SlackHost.Olive))) { }
        await host.DrainAsync();

        var risk = (await host.Store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal((RiskStatus.Accepted, "olive@example.com", new DateOnly(2027, 1, 31)), (risk.Status, risk.Acceptance!.DecidedBy, risk.ReviewOn));
        var replaced = host.Slack.Messages[(dm, card.Ts)];
        Assert.Contains("Accepted by Olive Owner until 2027-01-31", replaced.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Nora)), m => (m.Text ?? "").Contains("RISK-0001: Accepted", StringComparison.Ordinal));
    }
}
