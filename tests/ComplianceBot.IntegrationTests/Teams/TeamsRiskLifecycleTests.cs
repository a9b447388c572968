using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.IntegrationTests.Teams;

/// <summary>A risk reviewed and its acceptance approved by the risk owner, through Teams invokes and the fake Bot Connector.</summary>
public sealed class TeamsRiskLifecycleTests : IAsyncLifetime
{
    private TeamsHost host = null!;

    public async Task InitializeAsync() => host = await TeamsHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task RiskLifecycle_acceptance_is_proposed_by_an_admin_and_approved_by_the_risk_owner_in_Teams()
    {
        var raised = await host.PostAsync(host.Execute("risk.submit", new JsonObject
        {
            ["title"] = "Laptops without disk encryption", ["category"] = "Security", ["likelihood"] = "4", ["impact"] = "4",
            ["residualLikelihood"] = "3", ["residualImpact"] = "3", ["owner"] = "olive@example.com", ["reviewDate"] = "2027-02-01",
        }));
        Assert.Contains("RISK-0001 raised", (await raised.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await host.Store.UpdateAsync<Person>("dan@example.com", p => p with { Roles = [ReminderConversation.ComplianceAdminRole] });

        var proposed = await host.PostAsync(host.Execute(RiskReviewConversation.SubmitAction, new JsonObject
        {
            ["riskId"] = "RISK-0001", ["likelihood"] = "4", ["impact"] = "4", ["residualLikelihood"] = "3", ["residualImpact"] = "3",
            ["treatment"] = "accept", ["status"] = "accept", ["comment"] = "Encryption blocked by old hardware.",
            ["justification"] = "The old laptops are replaced in the spring refresh.", ["acceptUntil"] = "2027-04-30", ["reviewDate"] = "2027-04-30",
        }, from: TeamsHost.DanId));
        var reviewCard = (await proposed.Content.ReadFromJsonAsync<JsonObject>())!["value"]!.ToJsonString();
        Assert.Contains("Acceptance sent to Olive Owner to approve", reviewCard, StringComparison.Ordinal);
        Assert.Equal(RiskStatus.Open, (await host.Store.FindAsync<Risk>("RISK-0001"))!.Document.Status);

        // The owner gets the approval card in her chat.
        var sent = await host.Connector.WaitForDeliveriesAsync(1);
        var approval = sent.Select(c => c.Card).OfType<JsonObject>().Single(c => c.ToJsonString().Contains("Accept RISK-0001?", StringComparison.Ordinal));
        Assert.Equal(["risk.accept.approve", "risk.accept.reject"], approval["actions"]!.AsArray().Select(a => a!["verb"]!.GetValue<string>()));

        // Dan cannot approve it for her.
        var refused = await host.PostAsync(host.Execute(RiskReviewConversation.ApproveAction, new JsonObject { ["riskId"] = "RISK-0001" }, from: TeamsHost.DanId));
        Assert.Contains("Only the owner", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var approved = await host.PostAsync(host.Execute(RiskReviewConversation.ApproveAction, new JsonObject { ["riskId"] = "RISK-0001" }));
        var answer = (await approved.Content.ReadFromJsonAsync<JsonObject>())!["value"]!.ToJsonString();
        Assert.Contains("Accepted by Olive Owner until 2027-04-30", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("risk.accept.approve", answer, StringComparison.Ordinal); // no stale buttons
        var risk = (await host.Store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal((RiskStatus.Accepted, AcceptanceDecision.Approved, new DateOnly(2027, 4, 30)), (risk.Status, risk.Acceptance!.Decision, risk.Acceptance.ExpiresOn));
    }
}
