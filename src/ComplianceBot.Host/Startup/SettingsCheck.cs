using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Startup;

/// <summary>
/// Runs every options validation registered with ValidateOnStart before the host starts, so that a bad setting ends
/// the process with exit code 1 and one line naming it, instead of an unhandled exception and a stack trace.
/// </summary>
internal static class SettingsCheck
{
    public static bool Passes(IServiceProvider services, TextWriter errors)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            errors.WriteLine($"ComplianceBot did not start: {e.Message}");
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            errors.WriteLine($"ComplianceBot did not start: {string.Join("; ", e.InnerExceptions.Select(inner => inner.Message))}");
        }

        return false;
    }
}
