using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Filing;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Fetches files people share with the bot in Slack: <see cref="ChatFile.DownloadRef"/> is the file's
/// <c>url_private_download</c> (see <see cref="SlackFile.ToChatFile"/>), downloaded with the bot token. A file
/// larger than the evidence policy allows is refused before its content is read. Every way the download can fail
/// comes out as <see cref="ChatFileUnavailableException"/>.
/// </summary>
public sealed class SlackFileSource(SlackWebApiClient client, EvidencePolicy policy) : IChatFileSource
{
    public async Task<Stream> OpenAsync(ChatFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            return new ChatFileStream(await client.DownloadFileAsync(file.DownloadRef, policy.MaxBytes, cancellationToken));
        }
        catch (SlackApiException refused)
        {
            throw new ChatFileUnavailableException(ProblemOf(refused), $"Slack could not give the file ({refused.Error}).", refused);
        }
        catch (Exception failure) when (ChatFileStream.Translate(failure, started: false, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    private static ChatFileProblem ProblemOf(SlackApiException refused) => refused.Error switch
    {
        "file_not_found" or "file_deleted" or "http_410" => ChatFileProblem.Gone,
        "file_access_refused" or "invalid_url" or "invalid_redirect" or "http_401" or "http_403" => ChatFileProblem.Refused,
        "file_too_large" or "http_413" => ChatFileProblem.TooLarge,
        "timeout" or "http_408" or "http_504" => ChatFileProblem.TimedOut,
        _ => ChatFileProblem.Unreachable,
    };
}
