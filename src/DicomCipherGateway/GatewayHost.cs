using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dimse;
using DicomCipherGateway.Encryption;
using DicomCipherGateway.Forwarding;
using DicomCipherGateway.Operations;
using DicomCipherGateway.Spool;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace DicomCipherGateway;

/// <summary>The composition root: configuration sources, logging, options, and the jobs in start order.</summary>
public static class GatewayHost
{
    /// <summary>Environment variables with this prefix are configuration (DCG_Gateway__Port=11112).</summary>
    public const string EnvironmentPrefix = "DCG_";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        AddConfiguration(builder.Configuration, args);

        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName);
        builder.WebHost.UseUrls(gateway["Http:Url"] ?? new HttpOptions().Url);
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = (gateway.GetValue<TimeSpan?>("ShutdownTimeout") ?? new GatewayOptions().ShutdownTimeout) + TimeSpan.FromSeconds(10);
        });
        builder.Services.AddSerilog((_, log) => ConfigureLogging(log, gateway));

        builder.Services.AddOptions<GatewayOptions>().Bind(gateway).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        builder.Services.AddSingleton<PeerTable>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<SpoolPaths>();
        builder.Services.AddSingleton<SpoolSpace>();
        builder.Services.AddSingleton<SpoolSignals>();
        builder.Services.AddSingleton<SqliteSpoolQueue>();
        builder.Services.AddSingleton<ISpoolQueue>(sp => sp.GetRequiredService<SqliteSpoolQueue>());
        builder.Services.AddSingleton<CipherRuntime>();
        builder.Services.AddSingleton<ForwardOutcomes>();
        builder.Services.AddSingleton<PacsAssociationPool>();
        builder.Services.AddSingleton<PacsEchoProbe>();
        builder.Services.AddSingleton<GatewayAssociationPolicy>();
        builder.Services.AddSingleton<GatewayStoreHandler>();
        builder.Services.AddSingleton<PacsCommitmentReports>();
        builder.Services.AddSingleton<PacsCommitmentRequester>();
        builder.Services.AddSingleton<GatewayCommitmentHandler>();
        builder.Services.AddSingleton<Retrieve.PacsConnector>();
        builder.Services.AddSingleton<Retrieve.RetrieveDecryptor>();
        builder.Services.AddSingleton<Retrieve.MoveInbox>();
        builder.Services.AddSingleton<Retrieve.SpoolSource>();
        builder.Services.AddSingleton<Retrieve.PacsFetcher>();
        builder.Services.AddSingleton<Retrieve.FindProxy>();
        builder.Services.AddSingleton<Retrieve.MoveHandler>();
        builder.Services.AddSingleton<Retrieve.GetHandler>();
        builder.Services.AddSingleton<GatewayStoreRouter>();
        builder.Services.AddSingleton<DicomListenerService>();

        // Start order: spool and cipher, the workers behind the listener, then the listener. Stop runs in reverse.
        builder.Services.AddHostedService<GatewayStartup>();
        builder.Services.AddHostedService<EncryptionWorker>();
        builder.Services.AddHostedService<Forwarder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PacsEchoProbe>());
        builder.Services.AddHostedService<QueueDepthSampler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DicomListenerService>());

        var app = builder.Build();
        GatewayEndpoints.Map(app);
        return app;
    }

    /// <summary>appsettings.json beside the binary, then --config PATH, then DCG_ environment variables, then the command line.</summary>
    internal static void AddConfiguration(ConfigurationManager configuration, string[] args)
    {
        // The JSON files are reloaded when edited: only Gateway:Cipher:ActiveKeyId takes effect while
        // running (key rotation), the rest needs a restart. After the first load a file that does not
        // parse (an edit half-saved) is ignored until it does: a reload never stops the service.
        var loaded = false;
        void Json(string path, bool optional) => configuration.AddJsonFile(source =>
        {
            source.Path = path;
            source.Optional = optional;
            source.ReloadOnChange = true;
            source.OnLoadException = context => context.Ignore = loaded;
            source.ResolveFileProvider();
        });

        Json(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (ConfigPath(args) is { } path)
        {
            if (!File.Exists(path))
            {
                throw new GatewayStartupException("--config", $"the configuration file '{path}' does not exist.");
            }

            Json(Path.GetFullPath(path), optional: false);
        }

        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine([.. WithoutConfig(args)]);
        loaded = true;
    }

    private static string? ConfigPath(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config" && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                return args[i]["--config=".Length..];
            }
        }

        return null;
    }

    private static IEnumerable<string> WithoutConfig(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config")
            {
                i++;
                continue;
            }

            if (!args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                yield return args[i];
            }
        }
    }

    private static void ConfigureLogging(LoggerConfiguration log, IConfigurationSection gateway)
    {
        var level = Enum.TryParse<LogEventLevel>(gateway["Log:Level"], ignoreCase: true, out var parsed) ? parsed : LogEventLevel.Information;
        var directory = gateway["Log:Directory"] ?? new LogOptions().Directory;
        var retained = gateway.GetValue<int?>("Log:RetainedDays") ?? 31;
        log.MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("DicomCipherGateway.Dicom", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(directory, "gateway-.json"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: retained);
    }
}
