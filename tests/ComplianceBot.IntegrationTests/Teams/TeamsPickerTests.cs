using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Records;

namespace ComplianceBot.IntegrationTests.Teams;

/// <summary>
/// The risk form's pickers in Teams: the people picker (Teams' own Graph users dataset, its value an Entra object id
/// the bot resolves through the connector's member lookup) and the control typeahead the host serves on
/// application/search.
/// </summary>
public sealed class TeamsPickerTests : IAsyncLifetime
{
    private const string MeganObjectId = "6b0e1f5a-3c7d-4a2e-9f10-2b8c4d7e5a61";
    private const string GuestObjectId = "0c2d9a41-5b7e-4f3a-8d21-6e9f0a1b2c3d";
    private TeamsHost host = null!;

    public async Task InitializeAsync()
    {
        host = await TeamsHost.StartAsync(settings: new Dictionary<string, string?> { ["Teams:TenantId"] = TeamsHost.TenantId });
        // So the bot can open a 1:1 conversation with someone who never wrote to it.
        await host.RestartAsync(settings: new Dictionary<string, string?> { ["Teams:TenantId"] = TeamsHost.TenantId, ["Teams:ServiceUrl"] = host.Connector.ServiceUrl });
        host.Connector.ObjectIds[MeganObjectId] = ("29:megan", "megan@example.com", "Megan Bowen", TeamsHost.TenantId, "user");
        host.Connector.ObjectIds[GuestObjectId] = ("29:guest", "gus@partner.example", "Gus Guest", TeamsHost.TenantId, "guest");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Control_typeahead_answers_application_search_with_the_matching_controls()
    {
        var response = await host.PostAsync(host.Search("controls", "ac"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("application/vnd.microsoft.search.searchResponse", body["type"]!.GetValue<string>());
        var results = body["value"]!["results"]!.AsArray().Select(r => (Title: r!["title"]!.GetValue<string>(), Value: r["value"]!.GetValue<string>())).ToList();
        Assert.Equal(15, results.Count); // Teams shows at most 15
        Assert.StartsWith("AC-01 · ", results[0].Title, StringComparison.Ordinal);
        Assert.All(results.Take(3), r => Assert.StartsWith("AC-", r.Value, StringComparison.Ordinal));

        var next = (await (await host.PostAsync(host.Search("controls", "ac", skip: 1, top: 2))).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(results.Skip(1).Take(2).Select(r => r.Value), next["value"]!["results"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));

        var unknown = (await (await host.PostAsync(host.Search("salaries", "a"))).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, unknown["statusCode"]!.GetValue<int>());
        Assert.Contains("salaries", unknown["value"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_typeahead_lists_nothing_to_another_tenant()
    {
        var search = host.Search("controls", "ac");
        search["conversation"]!["tenantId"] = "00000000-0000-0000-0000-000000000001";
        search["channelData"]!["tenant"]!["id"] = "00000000-0000-0000-0000-000000000001";
        var body = (await (await host.PostAsync(search)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Empty(body["value"]!["results"]!.AsArray());
    }

    [Fact]
    public async Task Risk_form_names_the_person_by_their_object_id_for_the_people_picker()
    {
        await host.PostAsync(host.Message("risk AC-01"));
        var card = Assert.Single(await host.Connector.WaitForDeliveriesAsync(1)).Card!;
        var inputs = Inputs(card);
        Assert.Equal("graph.microsoft.com/users", inputs["owner"]["choices.data"]!["dataset"]!.GetValue<string>());
        Assert.Equal(TeamsHost.ObjectIdOf(TeamsHost.OliveId), inputs["owner"]["value"]!.GetValue<string>());
        Assert.Equal("Olive Owner", inputs["owner"]["choices"]![0]!["title"]!.GetValue<string>());
        Assert.Equal(("controls", true, "AC-01"), (
            inputs["controls"]["choices.data"]!["dataset"]!.GetValue<string>(), inputs["controls"]["isMultiSelect"]!.GetValue<bool>(),
            inputs["controls"]["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_risk_owner_picked_by_object_id_is_looked_up_enrolled_and_told()
    {
        var response = await host.PostAsync(host.Execute("risk.submit", Risk(MeganObjectId)));
        var card = (await response.Content.ReadFromJsonAsync<JsonObject>())!["value"]!;
        Assert.Contains("RISK-0001", card.ToJsonString(), StringComparison.Ordinal);

        var megan = (await host.Store.FindAsync<Person>("megan@example.com"))!.Document;
        Assert.Equal(("Megan Bowen", MeganObjectId), (megan.DisplayName, megan.DirectoryId));
        var risk = (await host.Store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal("megan@example.com", risk.OwnerId);
        Assert.Equal(["AC-01", "AC-02"], risk.LinkedControlIds);
        // The new owner is reached in a 1:1 conversation opened with her Teams id.
        var opened = (await host.Connector.WaitForDeliveriesAsync(1)).First(c => c.Method == "CREATE");
        Assert.Equal("29:megan", opened.Body["members"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_guest_or_an_id_the_connector_does_not_know_is_refused_beside_the_owner_field()
    {
        foreach (var owner in new[] { GuestObjectId, "11111111-2222-3333-4444-555555555555" })
        {
            var response = await host.PostAsync(host.Execute("risk.submit", Risk(owner)));
            var card = (await response.Content.ReadFromJsonAsync<JsonObject>())!["value"]!.AsObject();
            var body = card["body"]!.AsArray().OfType<JsonObject>().ToList();
            var index = body.FindIndex(e => e["id"]?.GetValue<string>() == "owner");
            Assert.Contains("not someone ComplianceBot can reach", body[index + 1]["text"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Null(await host.Store.FindAsync<Risk>("RISK-0001"));
        Assert.Null(await host.Store.FindAsync<Person>("gus@partner.example"));
    }

    private static JsonObject Risk(string owner) => new()
    {
        ["action"] = "risk.submit", ["title"] = "Laptops without disk encryption", ["category"] = "Security", ["likelihood"] = "4",
        ["impact"] = "4", ["owner"] = owner, ["controls"] = "AC-01,AC-02", ["reviewDate"] = "2027-02-01", ["treatment"] = "mitigate",
    };

    private static Dictionary<string, JsonObject> Inputs(JsonNode card)
    {
        var inputs = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            if (node is JsonArray array) foreach (var item in array) Walk(item);
            if (node is not JsonObject obj) return;
            if (obj["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true && obj["id"] is { } id) inputs[id.GetValue<string>()] = obj;
            foreach (var (_, child) in obj) Walk(child);
        }

        Walk(card);
        return inputs;
    }
}
