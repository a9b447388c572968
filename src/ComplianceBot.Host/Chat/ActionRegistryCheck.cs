using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Conversations;

namespace ComplianceBot.Host.Chat;

/// <summary>
/// Builds the action registry before the host serves, so an action id or command word registered twice, or a card
/// naming an action nothing handles, stops the start with a message that names it instead of failing a click later.
/// </summary>
internal sealed class ActionRegistryCheck(ActionRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (registry.Unhandled(CardLibrary.Names.SelectMany(CardAction.In)).FirstOrDefault() is { } unhandled)
            throw new InvalidOperationException($"The card '{unhandled.Card}' has a button for the action '{unhandled.Id}', which no conversation registers.");

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
