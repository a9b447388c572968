using ComplianceBot.Core.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceBot.Channels;

public static class NoticeRegistration
{
    /// <summary>How the bots reach other people: the address book over every registered channel, and notice delivery on top.</summary>
    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChatAddressBook>();
        services.TryAddSingleton<NoticeDelivery>();
        return services;
    }
}
