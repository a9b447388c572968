using ComplianceBot.Channels.Teams;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Conversations;

/// <summary>First contact: someone of the organisation whom nobody added is enrolled as an employee; anyone else is not.</summary>
public sealed class DayOneTests
{
    private static ChatTurn Hi(string? email, bool ofOrganisation, string? name = "Pat Newcomer", string? zone = null) => new(
        new ChatUser(Platforms.Teams, "29:pat", email, name, "tenant-1", zone, ofOrganisation),
        new ConversationAddress(Platforms.Teams, "a:dm-pat", "https://smba.example/amer/", "tenant-1", "28:bot", "29:pat"),
        new TextInput("hi"),
        new FakeFiles());

    [Fact]
    public async Task DayOne_someone_of_the_organisation_is_enrolled_on_first_contact_with_no_roles()
    {
        using var world = new TestWorld();
        var result = await world.Router.HandleAsync(Hi("Pat.Newcomer@Example.com", ofOrganisation: true, zone: "Europe/Berlin"));

        Assert.Equal("Hi Pat, I'm ComplianceBot", Core.Cards.CardLibrary.Render(result.Replies.Single().Card!)["body"]![0]!["text"]!.GetValue<string>());
        var pat = (await world.Store.FindAsync<Person>("pat.newcomer@example.com"))!.Document;
        Assert.Equal(("Pat Newcomer", "Europe/Berlin", 0), (pat.DisplayName, pat.TimeZone, pat.Roles.Count));
        Assert.Equal(new ChatIdentity(Platforms.Teams, "29:pat", "tenant-1"), Assert.Single(pat.ChatIdentities));
        var events = new List<AuditEvent>();
        await foreach (var e in world.Store.StreamAuditTrailAsync()) events.Add(e);
        Assert.Equal(("person.enrolled", "pat.newcomer@example.com"), (Assert.Single(events).Action, events[0].EntityId));

        // The second message finds the person; nothing is enrolled twice.
        await world.Router.HandleAsync(Hi("pat.newcomer@example.com", ofOrganisation: true));
        Assert.Equal(1, await world.Store.CountAsync<Person>());
    }

    [Theory]
    [InlineData("sam@elsewhere.example", false)] // another tenant or workspace, a guest, a bot
    [InlineData(null, true)] // the platform gave no email
    [InlineData("not an address", true)]
    public async Task DayOne_nobody_else_is_enrolled(string? email, bool ofOrganisation)
    {
        using var world = new TestWorld();
        var result = await world.Router.HandleAsync(Hi(email, ofOrganisation));
        Assert.Contains("don't know you", result.Replies.Single().Text, StringComparison.Ordinal);
        Assert.Equal(0, await world.Store.CountAsync<Person>());
    }

    [Theory]
    [InlineData("72f988bf-86f1-41af-91ab-2d7cd011db47", false, "72F988BF-86F1-41AF-91AB-2D7CD011DB47", true)]
    [InlineData("72f988bf-86f1-41af-91ab-2d7cd011db47", false, "0d3e9a51-24c8-4c5e-9b0d-4c1f7e9f2a10", false)]
    [InlineData(null, false, "72f988bf-86f1-41af-91ab-2d7cd011db47", false)] // no tenant configured: nobody's
    [InlineData(null, true, "00000000-0000-0000-0000-0000000000001", true)] // the local try-out (Development only)
    public void DayOne_Teams_enrols_people_of_the_configured_tenant(string? configured, bool tryOut, string tenant, bool enrolled) =>
        Assert.Equal(enrolled, new TeamsOptions { TenantId = configured, AllowUnauthenticated = tryOut }.IsOrganisationTenant(tenant));

    [Fact]
    public async Task DayOne_the_admins_status_card_names_the_controls_without_an_owner()
    {
        using var world = new TestWorld();
        var olive = await world.AddPersonAsync("olive@example.com", "Olive Owner");
        var ada = await world.AddPersonAsync("ada@example.com", "Ada Admin");
        await world.Store.UpsertAsync(ada with { Roles = [ReminderConversation.ComplianceAdminRole] });
        await world.AddControlAsync("AC-01", owner: olive.Id);
        await world.AddControlAsync("AC-02");
        await world.AddControlAsync("CRY-01");

        var admin = (await new Chat(world, "ada@example.com").SayAsync("status")).Replies.Single().Card!;
        Assert.Equal("2 controls have no owner: AC-02, CRY-01. Assign them with the ownership import or the admin API; until then nobody attests them.", admin.Data["unowned"]!.GetValue<string>());
        var employee = (await new Chat(world, "olive@example.com").SayAsync("status")).Replies.Single().Card!;
        Assert.False(employee.Data["hasUnowned"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DayOne_in_a_team_channel_the_welcome_lists_the_channel_commands()
    {
        using var world = new TestWorld();
        await world.AddPersonAsync("olive@example.com", "Olive Owner");
        var inChannel = new ChatTurn(
            new ChatUser(Platforms.Teams, "29:olive", "olive@example.com", "Olive Owner", "tenant-1"),
            new ConversationAddress(Platforms.Teams, "19:general@thread.tacv2", "https://smba.example/amer/", "tenant-1", "28:bot"),
            new TextInput("hello"), new FakeFiles(), IsDirect: false);

        var card = (await world.Router.HandleAsync(inChannel)).Replies.Single().Card!;
        Assert.Equal(Core.Conversations.HelpConversation.ChannelTemplate, card.Template);
        var rendered = Core.Cards.CardLibrary.Render(card).ToJsonString();
        Assert.Contains("@ComplianceBot subscribe iso|soc2|all", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("attest AC-01", rendered, StringComparison.Ordinal); // the 1:1 commands are not offered here
        Assert.Equal(Core.Conversations.HelpConversation.Template, (await new Chat(world, "olive@example.com").SayAsync("hello")).Replies.Single().Card!.Template);
    }
}
