using ComplianceBot.Channels.Slack;
using ComplianceBot.Channels.Teams;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Inbox;


namespace ComplianceBot.Host.Chat;

public static class ChatServices
{
    /// <summary>The conversations, the durable inbox and its worker, and the chat channels.</summary>
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<ChatPeople>();
        services.AddSingleton<RiskConversation>();
        services.AddSingleton<AttestationConversation>();
        services.AddSingleton<EvidenceConversation>();
        services.AddSingleton<TasksConversation>();
        services.AddSingleton<StatusConversation>();
        services.AddSingleton<ReminderConversation>();
        services.AddSingleton<DigestConversation>();
        services.AddSingleton<ConversationRouter>();
        services.AddSingleton<DurableInbox>();
        // Chat__ProcessInbox=false makes an instance that only accepts (e.g. while another drains the inbox).
        if (builder.Configuration.GetValue("Chat:ProcessInbox", true)) services.AddHostedService<InboxWorker>();
        services.AddTeamsChannel(builder.Configuration);
        services.AddSlackChannel(builder.Configuration);
        return builder;
    }
}
