using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Tests.Support;

/// <summary>Drives the conversations as one person in a 1:1 Teams chat.</summary>
public sealed class Chat(TestWorld world, string email, string userId = "29:user", IChatPeopleLookup? people = null, string? directoryId = null)
{
    private ChatTurn Turn(ChatInput input) => new(
        new ChatUser(Platforms.Teams, userId, email, null, "tenant-1", DirectoryId: directoryId),
        new ConversationAddress(Platforms.Teams, "a:dm-" + userId, "https://smba.example/amer/", "tenant-1", "28:bot", userId),
        input,
        world.Files,
        People: people);

    public Task<TurnResult> SayAsync(string text) => world.Router.HandleAsync(Turn(new TextInput(text)));

    public Task<TurnResult> ClickAsync(string actionId, JsonObject data) => world.Router.HandleAsync(Turn(new ActionInput(actionId, data)));

    public Task<TurnResult> SendFileAsync(ChatFile file) => world.Router.HandleAsync(Turn(new FileInput(file)));

    public static string? Text(TurnResult result) => result.Replies.Select(r => r.Text).FirstOrDefault(t => t is not null);
}

public static class WorldSetup
{
    public static async Task<(Person Olive, Person Dan)> PeopleAndControlsAsync(this TestWorld world)
    {
        var olive = await world.AddPersonAsync("olive@example.com", "Olive Owner");
        var dan = await world.AddPersonAsync("dan@example.com", "Dan Delegate");
        await world.AddControlAsync("AC-01", owner: olive.Id, delegateId: dan.Id, "5.15");
        await world.AddControlAsync("AC-02", owner: olive.Id, delegateId: null, "5.18");
        await world.AddControlAsync("CRY-01", owner: dan.Id, delegateId: null, "8.24");
        return (olive, dan);
    }
}
