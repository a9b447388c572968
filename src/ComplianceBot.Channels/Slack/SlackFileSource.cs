using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Filing;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Fetches files people share with the bot in Slack: <see cref="ChatFile.DownloadRef"/> is the file's
/// <c>url_private_download</c> (see <see cref="SlackFile.ToChatFile"/>), downloaded with the bot token. A file
/// larger than the evidence policy allows is refused before its content is read.
/// </summary>
public sealed class SlackFileSource(SlackWebApiClient client, EvidencePolicy policy) : IChatFileSource
{
    public Task<Stream> OpenAsync(ChatFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return client.DownloadFileAsync(file.DownloadRef, policy.MaxBytes, cancellationToken);
    }
}
