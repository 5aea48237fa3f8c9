using System.Diagnostics;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>deploy/: the systemd unit passes <c>systemd-analyze verify</c> without a warning and keeps its hardening; install.sh's plan runs.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DeploymentTests : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-deploy");

    public void Dispose() => _dir.Dispose();

    private static string Unit => File.ReadAllText(Path.Combine(ConfigExamplesTests.RepositoryRoot(), "deploy", "dicom-cipher-gateway.service"));

    /// <summary>
    /// verify fails when ExecStart's binary is missing, so the copy points at a stub; it exits 0 even for
    /// settings it ignores ("Failed to parse ..., ignoring"), so any output at all fails the test.
    /// </summary>
    private async Task<(int ExitCode, string Output)> VerifyAsync(string unitText)
    {
        var stub = _dir.File("DicomCipherGateway");
        await File.WriteAllTextAsync(stub, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = _dir.File("dicom-cipher-gateway.service");
        await File.WriteAllTextAsync(path, unitText.Replace("/opt/dicom-cipher-gateway/DicomCipherGateway ", stub + " ", StringComparison.Ordinal));
        var psi = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("verify");
        psi.ArgumentList.Add(path);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_without_a_warning_and_flags_a_broken_copy()
    {
        var (exit, output) = await VerifyAsync(Unit);
        Assert.True(exit == 0 && output.Trim().Length == 0, $"exit {exit}: {output}");

        var (_, broken) = await VerifyAsync(Unit.Replace("ProtectSystem=strict", "ProtectSystem=stricter", StringComparison.Ordinal));
        Assert.Contains("Failed to parse protect system value, ignoring", broken, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unit_is_hardened_and_waits_longer_than_the_gateways_shutdown_timeout()
    {
        var lines = Unit.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var required in new[]
        {
            "Type=notify", "User=dicom-cipher-gateway", "Group=dicom-cipher-gateway", "ProtectSystem=strict", "NoNewPrivileges=yes",
            "AmbientCapabilities=CAP_NET_BIND_SERVICE", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "PrivateTmp=yes", "ProtectHome=yes",
            "ReadWritePaths=/var/lib/dicom-cipher-gateway /var/log/dicom-cipher-gateway", "RestartPreventExitStatus=2",
        })
        {
            Assert.Contains(required, lines);
        }

        var stop = TimeSpan.FromSeconds(int.Parse(lines.Single(l => l.StartsWith("TimeoutStopSec=", StringComparison.Ordinal))["TimeoutStopSec=".Length..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(stop >= new GatewayOptions().ShutdownTimeout + TimeSpan.FromSeconds(15), $"TimeoutStopSec {stop} leaves too little beyond Gateway:ShutdownTimeout");
    }

    [Fact]
    public async Task Install_script_dry_run_plans_the_user_folders_and_unit_without_touching_keys()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(ConfigExamplesTests.RepositoryRoot(), "deploy", "install.sh"));
        psi.ArgumentList.Add("--dry-run");
        psi.ArgumentList.Add("--no-publish");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = (await stdout) + (await stderr);

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("install -d -o dicom-cipher-gateway -g dicom-cipher-gateway -m 0700 /var/lib/dicom-cipher-gateway/spool", output);
        Assert.Contains("/etc/systemd/system/dicom-cipher-gateway.service", output);
        Assert.DoesNotContain("+ dcg key", output); // keys are the administrator's step, only printed as guidance
    }
}
