using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Records;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Digests;

/// <summary>Subscribing a Teams channel, and the weekly run posting each subscription's digest exactly once a week.</summary>
public sealed class DigestSubscriptionTests : IDisposable
{
    private const string Channel = "19:compliance@thread.tacv2";
    private readonly TestWorld world = new();

    public void Dispose() => world.Dispose();

    private ChatTurn InChannel(string email, string text, bool direct = false) => new(
        new ChatUser(Platforms.Teams, "29:" + email, email, null, "tenant-1"),
        new ConversationAddress(Platforms.Teams, direct ? "a:dm" : Channel + ";messageid=1700000000000", "https://smba.example/amer/", "tenant-1", "28:bot", "29:" + email),
        new TextInput(text),
        world.Files,
        direct);

    private DigestDispatcher Dispatcher(IChatChannel channel)
    {
        var fanOut = new FanOut(world.Time, new Dictionary<string, PlatformLimits> { [Platforms.Teams] = PlatformLimits.Teams });
        var delivery = new ReminderDelivery(world.Store, new ChatAddressBook(world.Store, [channel], world.Time), fanOut, world.Time);
        return new DigestDispatcher(world.Store, world.Digests, delivery, world.Policy, world.Time);
    }

    [Fact]
    public async Task Subscribe_by_someone_who_is_not_a_compliance_admin_is_refused()
    {
        await DigestWorld.SeedAsync(world);

        var result = await world.Router.HandleAsync(InChannel(DigestWorld.Dan, "subscribe iso"));

        Assert.Contains("Only a compliance admin", Chat.Text(result), StringComparison.Ordinal);
        Assert.Equal(0, await world.Store.CountAsync<DigestSubscription>());
        Assert.Contains("Only a compliance admin", Chat.Text(await world.Router.HandleAsync(InChannel(DigestWorld.Dan, "digest"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_by_a_compliance_admin_subscribes_the_channel_itself()
    {
        await DigestWorld.SeedAsync(world);

        var result = await world.Router.HandleAsync(InChannel(DigestWorld.Olive, "subscribe iso friday 10"));

        Assert.Contains("every Friday at 10:00", Chat.Text(result), StringComparison.Ordinal);
        var subscription = Assert.Single(await world.Store.ListAsync<DigestSubscription>()).Document;
        Assert.Equal("teams:" + Channel, subscription.Id);
        Assert.Equal(new ConversationAddress(Platforms.Teams, Channel, "https://smba.example/amer/", "tenant-1", "28:bot"), subscription.Address);
        Assert.Equal(["iso27001"], subscription.Frameworks);
        Assert.Equal((DayOfWeek.Friday, 10, DigestWorld.Olive), (subscription.Day, subscription.Hour, subscription.CreatedBy));
    }

    [Fact]
    public async Task Subscribe_in_the_direct_chat_points_to_the_channel_and_a_bad_choice_is_explained()
    {
        await DigestWorld.SeedAsync(world);

        Assert.Contains("in the channel", Chat.Text(await world.Router.HandleAsync(InChannel(DigestWorld.Olive, "subscribe", direct: true))), StringComparison.Ordinal);
        Assert.Contains("I don't understand \"pci\"", Chat.Text(await world.Router.HandleAsync(InChannel(DigestWorld.Olive, "subscribe pci"))), StringComparison.Ordinal);
        Assert.Equal(0, await world.Store.CountAsync<DigestSubscription>());
    }

    [Fact]
    public async Task Digest_command_posts_the_digest_where_it_was_asked()
    {
        await DigestWorld.SeedAsync(world);

        var result = await world.Router.HandleAsync(InChannel(DigestWorld.Olive, "digest soc2"));

        var card = Assert.Single(result.Replies).Card!;
        Assert.Equal(DigestBuilder.Template, card.Template);
        Assert.Equal("SOC 2", card.Data["scope"]!.GetValue<string>());
        Assert.StartsWith("data:image/png;base64,", card.Data["chartUrl"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weekly_digest_is_posted_once_per_week_at_its_hour_across_reruns_and_instances()
    {
        await DigestWorld.SeedAsync(world);
        await world.Router.HandleAsync(InChannel(DigestWorld.Olive, "subscribe all friday 10"));
        var channel = new RecordingChannel(world.Time);
        var first = Dispatcher(channel);
        var second = Dispatcher(channel);

        // Friday 09:00: not yet.
        var early = await first.RunAsync("instance-a");
        Assert.Single(early.Deferred);
        Assert.Empty(channel.Sent);

        // Friday 10:00: the run, a rerun and another instance at the same moment post one digest between them.
        world.Time.Advance(TimeSpan.FromHours(1));
        await Task.WhenAll(first.RunAsync("instance-a"), second.RunAsync("instance-b"));
        var again = await first.RunAsync("instance-a");
        var sent = Assert.Single(channel.Sent);
        Assert.Equal(Channel, sent.Conversation.ConversationId);
        Assert.Equal("digest", sent.Message.Card!.Template);
        Assert.Equal(["digest:teams:19:compliance@thread.tacv2:2026-W47:weekly"], sent.Keys);
        Assert.Single(again.AlreadySent);
        var entry = (await world.Store.FindAsync<Reminder>(sent.Keys[0]))!.Document;
        Assert.Equal(ReminderState.Sent, entry.State);

        // Saturday, Sunday: this week's is done. Next Friday 10:00: next week's.
        world.Time.Advance(TimeSpan.FromDays(2));
        await first.RunAsync("instance-a");
        Assert.Single(channel.Sent);
        world.Time.Advance(TimeSpan.FromDays(5));
        await second.RunAsync("instance-b");
        Assert.Equal(2, channel.Sent.Count);
        Assert.Equal("digest:teams:19:compliance@thread.tacv2:2026-W48:weekly", channel.Sent.Last().Keys[0]);
    }

    [Fact]
    public async Task Unsubscribe_stops_the_weekly_digest()
    {
        await DigestWorld.SeedAsync(world);
        await world.Router.HandleAsync(InChannel(DigestWorld.Olive, "subscribe"));
        Assert.Contains("Unsubscribed", Chat.Text(await world.Router.HandleAsync(InChannel(DigestWorld.Olive, "unsubscribe"))), StringComparison.Ordinal);
        var channel = new RecordingChannel(world.Time);

        await Dispatcher(channel).RunAsync("instance-a");

        Assert.Empty(channel.Sent);
        Assert.Contains("no digest subscription", Chat.Text(await world.Router.HandleAsync(InChannel(DigestWorld.Olive, "unsubscribe"))), StringComparison.Ordinal);
    }
}
