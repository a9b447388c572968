using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Conversations;

/// <summary>The risk form's pickers: the owner from the platform's people picker, linked controls from the host's typeahead.</summary>
public class PickerTests
{
    private const string MeganObjectId = "6b0e1f5a-3c7d-4a2e-9f10-2b8c4d7e5a61";

    [Fact]
    public async Task Control_typeahead_ranks_exact_ids_then_id_prefixes_then_name_words_then_anything_containing_the_text()
    {
        using var world = new TestWorld();
        foreach (var (id, name) in new[]
        {
            ("AC-01", "Access reviews"), ("AC-02", "Privileged access"), ("BCK-01", "Backups restored and tested"),
            ("CRY-01", "Encryption at rest"), ("HR-01", "Background checks"), ("AC-10", "Remote access"),
        })
        {
            await world.Store.CreateAsync(new Control { Id = id, Name = name, Objective = "o", AttestationQuestion = "q" });
        }

        var search = new ChoiceSearch(world.Store);
        async Task<string[]> Values(string text, int skip = 0, int top = 15) =>
            (await search.SearchAsync(ChoiceSearch.ControlsDataset, text, skip, top))!.Select(c => c.Value).ToArray();

        Assert.Equal(["AC-01", "AC-02", "AC-10", "BCK-01", "HR-01"], await Values("ac")); // "Backups", "Background" last
        Assert.Equal(["AC-01"], await Values("ac-01"));
        Assert.Equal(["AC-01", "AC-02", "AC-10"], await Values("access")); // a word of the name
        Assert.Equal(["BCK-01", "HR-01"], await Values("back"));
        Assert.Equal(["CRY-01"], await Values("crypt")); // inside a word
        Assert.Equal(["AC-02", "AC-10"], await Values("", skip: 1, top: 2));
        Assert.Empty(await Values("zzz"));
        Assert.Equal("AC-01 · Access reviews", (await search.SearchAsync("controls", "AC-01", 0, 15))![0].Title);
        Assert.Null(await search.SearchAsync("risks", "AC", 0, 15));
    }

    [Fact]
    public async Task Risk_form_offers_the_person_as_owner_by_their_picker_id_and_their_own_controls_as_quick_picks()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com", directoryId: MeganObjectId);

        var form = (await olive.SayAsync("risk AC-02")).Replies.Single().Card!;
        Assert.Equal(MeganObjectId, form.Data["values"]!["owner"]!.GetValue<string>());
        Assert.Equal("Olive Owner", form.Data["ownerChoices"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("AC-02", form.Data["values"]!["controls"]!.GetValue<string>());
        Assert.Equal(["AC-02", "AC-01"], form.Data["controlChoices"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_owner_picked_by_directory_id_is_found_among_the_people_known()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        await world.Store.UpdateAsync<Person>("olive@example.com", p => p with { DirectoryId = MeganObjectId });
        var dan = new Chat(world, "dan@example.com");

        var saved = await dan.ClickAsync(RiskConversation.SubmitAction, Submission(owner: MeganObjectId, controls: "AC-01,CRY-01"));

        Assert.Equal(RiskConversation.SavedTemplate, saved.ReplaceCard!.Template);
        var risk = (await world.Store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal("olive@example.com", risk.OwnerId);
        Assert.Equal(["AC-01", "CRY-01"], risk.LinkedControlIds);
        Assert.Equal("olive@example.com", saved.Notices!.Single().PersonId);
    }

    [Fact]
    public async Task An_owner_the_bot_never_met_is_described_by_the_platform_and_enrolled()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var lookup = new Lookup(new ChatUser(Platforms.Teams, "29:megan", "megan@example.com", "Megan Bowen", "tenant-1", OfOrganisation: true, DirectoryId: MeganObjectId));
        var dan = new Chat(world, "dan@example.com", people: lookup);

        var saved = await dan.ClickAsync(RiskConversation.SubmitAction, Submission(owner: MeganObjectId));

        Assert.Equal(RiskConversation.SavedTemplate, saved.ReplaceCard!.Template);
        var megan = (await world.Store.FindAsync<Person>("megan@example.com"))!.Document;
        Assert.Equal(("Megan Bowen", MeganObjectId), (megan.DisplayName, megan.DirectoryId));
        Assert.Equal("megan@example.com", (await world.Store.FindAsync<Risk>("RISK-0001"))!.Document.OwnerId);
        Assert.Equal([MeganObjectId], lookup.Asked);

        // Known now: a second pick does not ask the platform again.
        await dan.ClickAsync(RiskConversation.SubmitAction, Submission(owner: MeganObjectId, title: "Second risk about vendors"));
        Assert.Single(lookup.Asked);
    }

    [Fact]
    public async Task A_picked_guest_an_unknown_id_or_a_leaver_is_refused_on_the_owner_field_and_nothing_is_saved()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        await world.AddPersonAsync("lou@example.com", "Lou Leaver");
        await world.Store.UpdateAsync<Person>("lou@example.com", p => p with { LeftOn = new DateOnly(2026, 11, 1), DirectoryId = "lou-object-id" });
        var guest = new ChatUser(Platforms.Teams, "29:guest", "guest@partner.example", "Gus Guest", "other-tenant", OfOrganisation: false, DirectoryId: "guest-id");
        var dan = new Chat(world, "dan@example.com", people: new Lookup(guest));

        foreach (var (owner, expected) in new[]
        {
            ("guest-id", "not someone ComplianceBot can reach"),
            ("nobody-id", "not someone ComplianceBot can reach"),
            ("lou-object-id", "Lou Leaver has left the organisation"),
        })
        {
            var refused = await dan.ClickAsync(RiskConversation.SubmitAction, Submission(owner));
            var error = Assert.Single(refused.FieldErrors!);
            Assert.Equal("owner", error.Field);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Equal(RiskConversation.FormTemplate, refused.ReplaceCard!.Template);
            Assert.Equal(owner, refused.ReplaceCard.Data["values"]!["owner"]!.GetValue<string>());
        }

        Assert.Equal(0, await world.Store.CountAsync<Risk>());
        Assert.Null(await world.Store.FindAsync<Person>("guest@partner.example"));
    }

    private static JsonObject Submission(string owner, string controls = "AC-01", string title = "Laptops without disk encryption") => new()
    {
        ["title"] = title, ["category"] = "Security", ["likelihood"] = "4", ["impact"] = "3",
        ["owner"] = owner, ["controls"] = controls, ["reviewDate"] = "2027-01-15",
    };

    private sealed class Lookup(params ChatUser[] people) : IChatPeopleLookup
    {
        public List<string> Asked { get; } = [];

        public Task<ChatUser?> DescribeAsync(string pickedId, CancellationToken cancellationToken = default)
        {
            Asked.Add(pickedId);
            return Task.FromResult(people.FirstOrDefault(p => p.DirectoryId == pickedId));
        }
    }
}
