using Google.Apis.Auth.OAuth2;

namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>Where bearer tokens come from; null means the request goes without one (emulators).</summary>
internal interface IAccessTokenSource
{
    /// <summary>A current token, or null for none.</summary>
    /// <exception cref="CredentialException">The credentials cannot be loaded; the message never holds a secret.</exception>
    Task<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>No credentials: for plain-http endpoints, where a token would travel in clear text.</summary>
internal sealed class NoAccessTokens : IAccessTokenSource
{
    public static NoAccessTokens Instance { get; } = new();

    public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>The credentials cannot be loaded; the message says which and why, never the key or a token.</summary>
internal sealed class CredentialException(string message) : Exception(message);

/// <summary>
/// Google credentials, loaded once and kept (they refresh their own tokens): a service-account key file whose path an
/// environment variable holds, or Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, the metadata server).
/// </summary>
internal sealed class GoogleAccessTokens(string? keyFileVariable, Func<string, string?> environment) : IAccessTokenSource, IDisposable
{
    private const string Scope = "https://www.googleapis.com/auth/bigquery";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITokenAccess? _credential;

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var credential = await CredentialAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await credential.GetAccessTokenForRequestAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Token endpoint answers can echo request details; the type and Google's first line are enough to act on.
            throw new CredentialException($"cannot get an access token ({error.GetType().Name}): {FirstLine(error.Message)}");
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<ITokenAccess> CredentialAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _credential ??= await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ITokenAccess> LoadAsync(CancellationToken cancellationToken)
    {
        if (keyFileVariable is null)
        {
            try
            {
                var adc = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken).ConfigureAwait(false);
                return adc.IsCreateScopedRequired ? adc.CreateScoped(Scope) : adc;
            }
            catch (InvalidOperationException error)
            {
                throw new CredentialException($"no Application Default Credentials: {FirstLine(error.Message)}");
            }
        }

        var path = environment(keyFileVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CredentialException($"environment variable {keyFileVariable} (key_file_env) is not set; set it to the path of a service-account key file");
        }

        if (!File.Exists(path))
        {
            throw new CredentialException($"the key file named by {keyFileVariable} does not exist");
        }

        try
        {
            var account = await CredentialFactory.FromFileAsync<ServiceAccountCredential>(path, cancellationToken).ConfigureAwait(false);
            return account.ToGoogleCredential().CreateScoped(Scope);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Parser messages can quote the file, and the file holds a private key: name the problem, not the content.
            throw new CredentialException($"the file named by {keyFileVariable} is not a usable service-account key file ({error.GetType().Name})");
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
