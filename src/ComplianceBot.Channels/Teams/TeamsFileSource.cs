using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Filing;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// Downloads files people send the bot in Teams: the file.download.info attachment carries a pre-authorised
/// download URL. Only https (or loopback, for local testing) URLs are fetched. Every way the download can fail
/// comes out as <see cref="ChatFileUnavailableException"/>; a file announced larger than the evidence policy
/// allows is refused before its content is read.
/// </summary>
public sealed class TeamsFileSource(HttpClient http, EvidencePolicy policy) : IChatFileSource
{
    public async Task<Stream> OpenAsync(ChatFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!TeamsOptions.IsAcceptableEndpoint(file.DownloadRef))
            throw new ChatFileUnavailableException(ChatFileProblem.Refused, "The file's download URL is not https.");
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(file.DownloadRef), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception failure) when (ChatFileStream.Translate(failure, started: false, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }

        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > policy.MaxBytes)
        {
            var status = response.StatusCode;
            var tooLarge = response.IsSuccessStatusCode;
            response.Dispose();
            throw tooLarge
                ? new ChatFileUnavailableException(ChatFileProblem.TooLarge, "The file is larger than evidence may be.")
                : new ChatFileUnavailableException(ChatFileStream.ProblemOf(status), $"Teams refused the file download ({(int)status}).");
        }

        return new ChatFileStream(await response.Content.ReadAsStreamAsync(cancellationToken));
    }
}
