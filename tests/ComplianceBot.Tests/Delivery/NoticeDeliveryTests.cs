using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Delivery;

public sealed class NoticeDeliveryTests
{
    [Fact]
    public async Task A_notice_reaches_the_person_where_they_last_talked_and_one_without_a_chat_account_is_skipped_with_the_reason()
    {
        using var world = new TestWorld();
        var teams = new RecordingChannel(world.Time);
        var slack = new RecordingChannel(world.Time, Platforms.Slack);
        await world.Store.UpsertAsync(new Person { Id = "olive@example.com", Email = "olive@example.com", DisplayName = "Olive" });
        await world.Store.UpsertAsync(new Person { Id = "nobody@example.com", Email = "nobody@example.com", DisplayName = "Nobody" });
        await world.Store.UpsertAsync(new ConversationReference
        {
            Id = ConversationReference.IdFor(Platforms.Slack, "olive@example.com"), PersonId = "olive@example.com", UpdatedAt = world.Time.GetUtcNow(),
            Address = new ConversationAddress(Platforms.Slack, "D0OLIVE", TenantId: "T1", UserId: "U0OLIVE"),
        });
        var notices = new NoticeDelivery(world.Store, new ChatAddressBook(world.Store, [teams, slack], world.Time));

        var outcomes = await notices.SendAsync([
            new Notice("olive@example.com", OutboundMessage.Say("RISK-0001 was raised for you.")),
            new Notice("nobody@example.com", OutboundMessage.Say("RISK-0002 was raised for you.")),
        ]);

        Assert.Equal("D0OLIVE", Assert.Single(slack.Sent).Conversation.ConversationId);
        Assert.Empty(teams.Sent);
        Assert.Equal([new NoticeOutcome("olive@example.com", true), new NoticeOutcome("nobody@example.com", false, "no_chat_account")], outcomes);
    }

    [Fact]
    public async Task A_notice_whose_channel_fails_unexpectedly_is_skipped_with_the_reason_and_the_rest_go_out()
    {
        using var world = new TestWorld();
        var slack = new RecordingChannel(world.Time, Platforms.Slack) { Breaks = () => new InvalidOperationException("Slack__BotToken is not configured.") };
        slack.BrokenFor.Add("D0OLIVE");
        foreach (var (id, channel) in new[] { ("olive@example.com", "D0OLIVE"), ("dan@example.com", "D0DAN") })
        {
            await world.Store.UpsertAsync(new Person { Id = id, Email = id, DisplayName = id });
            await world.Store.UpsertAsync(new ConversationReference
            {
                Id = ConversationReference.IdFor(Platforms.Slack, id), PersonId = id, UpdatedAt = world.Time.GetUtcNow(),
                Address = new ConversationAddress(Platforms.Slack, channel, TenantId: "T1", UserId: "U-" + id),
            });
        }

        var outcomes = await new NoticeDelivery(world.Store, new ChatAddressBook(world.Store, [slack], world.Time)).SendAsync([
            new Notice("olive@example.com", OutboundMessage.Say("Your evidence was approved.")),
            new Notice("dan@example.com", OutboundMessage.Say("Your evidence was approved.")),
        ]);

        Assert.Equal([new NoticeOutcome("olive@example.com", false, "InvalidOperationException"), new NoticeOutcome("dan@example.com", true)], outcomes);
        Assert.Equal("D0DAN", Assert.Single(slack.Sent).Conversation.ConversationId);
    }
}
