using ComplianceBot.Core.People;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Fakes;
using ComplianceBot.IntegrationTests.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>The directory sync in the host against HTTP fakes of Microsoft Graph (users delta) and Slack (users.list).</summary>
public sealed class DirectorySyncTests
{
    [Fact]
    public async Task Graph_delta_keeps_names_and_managers_current_and_a_leavers_controls_go_back_to_no_owner()
    {
        await using var graph = await FakeGraph.StartAsync();
        graph.Change("id-olive", "olive@example.com", "Olive Owner", managerId: "id-mia");
        graph.Change("id-mia", "mia@example.com", "Mia Manager");
        graph.Change("id-dan", "dan@example.com", "Dan Delegate");
        using var folder = new TempFolder();
        using var factory = new ComplianceBotFactory(folder.Path, new Dictionary<string, string?>
        {
            ["Teams:AppId"] = "a5ad4d9c-5c33-4b5c-9b7c-1f1d9f3a0b11", ["Teams:AppPassword"] = "not-a-real-secret",
            ["Teams:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47", ["Teams:TokenEndpoint"] = graph.TokenEndpoint,
            ["Teams:GraphBaseUrl"] = graph.GraphBaseUrl,
        });
        var store = factory.Services.GetRequiredService<IComplianceStore>();
        foreach (var (email, name) in new[] { ("olive@example.com", "Olive"), ("mia@example.com", "Mia"), ("dan@example.com", "Dan") })
            await store.UpsertAsync(new Person { Id = email, Email = email, DisplayName = name });
        var ac01 = (await store.FindAsync<Control>("AC-01"))!;
        await store.ReplaceAsync(ac01.Document with { OwnerId = "dan@example.com", DelegateId = "olive@example.com" }, ac01.ETag);
        var sync = factory.Services.GetRequiredService<DirectorySync>();

        var first = (await sync.SyncAsync()).Single(r => r.Platform == "teams");
        Assert.Equal((3, 3), (first.Read, first.Updated));
        var olive = (await store.FindAsync<Person>("olive@example.com"))!.Document;
        Assert.Equal(("Olive Owner", "mia@example.com", "id-olive"), (olive.DisplayName, olive.ManagerId, olive.DirectoryId));
        Assert.Equal(["https://graph.microsoft.com/.default"], graph.Scopes.Distinct());

        // Dan's account is disabled: the next (delta) run sees only that change.
        graph.Change("id-dan", "dan@example.com", "Dan Delegate", enabled: false);
        var second = (await sync.SyncAsync()).Single(r => r.Platform == "teams");
        Assert.Equal(new DirectorySyncReport("teams", 1, 0, 1, 1), second);
        Assert.StartsWith("?since=", graph.Queries.Last(), StringComparison.Ordinal);
        Assert.NotNull((await store.FindAsync<Person>("dan@example.com"))!.Document.LeftOn);
        Assert.Null((await store.FindAsync<Control>("AC-01"))!.Document.OwnerId);
    }

    [Fact]
    public async Task Slack_members_list_keeps_names_current_and_deleted_members_leave()
    {
        await using var host = await SlackHost.StartAsync();
        for (var i = 0; i < 450; i++) host.Slack.AddUser($"U0MANY{i:D4}", $"many{i}@example.com", $"Many {i}"); // three pages of users.list
        host.Slack.Users[SlackHost.Olive]["real_name"] = "Olive Ostrander";
        host.Slack.Users[SlackHost.Dan]["deleted"] = true;
        var ac01 = (await host.Store.FindAsync<Control>("AC-01"))!.Document;
        Assert.Equal("dan@example.com", ac01.DelegateId);

        var report = (await host.Factory.Services.GetRequiredService<DirectorySync>().SyncAsync()).Single(r => r.Platform == "slack");
        Assert.Equal((2, 1, 1), (report.Updated, report.Left, report.ControlsReleased)); // Olive's name and zone, Nora's zone
        Assert.Equal("Europe/Amsterdam", (await host.Store.FindAsync<Person>("nora@example.com"))!.Document.TimeZone);
        Assert.True(report.Read > 450);
        Assert.Equal("Olive Ostrander", (await host.Store.FindAsync<Person>("olive@example.com"))!.Document.DisplayName);
        Assert.Null((await host.Store.FindAsync<Control>("AC-01"))!.Document.DelegateId);
        Assert.Null(await host.Store.FindAsync<Person>("many7@example.com")); // enrolled on first contact, not by the sync
        Assert.True(host.Slack.CallsTo("users.list").Count() >= 3);
    }
}
