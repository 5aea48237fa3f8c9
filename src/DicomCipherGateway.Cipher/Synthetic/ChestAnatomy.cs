namespace DicomCipherGateway.Cipher.Synthetic;

/// <summary>
/// The random anatomy of one synthetic radiograph, in normalised anatomical coordinates:
/// x across (0 = image left = the patient's right), y down, the midline at x = 0.5.
/// Distances "from the midline" are in the same units.
/// </summary>
internal sealed record ChestAnatomy
{
    // Placement of the patient in the image.
    public required double Rotation { get; init; }

    public required double Scale { get; init; }

    public required double ShiftX { get; init; }

    public required double ShiftY { get; init; }

    // Body.
    public required double BodyHalfWidth { get; init; }

    public required double ShoulderY { get; init; }

    // Lungs: index 0 = the patient's right (image left), 1 = the patient's left (image right).
    public required double[] LungTop { get; init; }

    public required double[] LungBottom { get; init; }

    public required double[] LungMedial { get; init; }

    public required double[] LungLateral { get; init; }

    public required double[] DomeHeight { get; init; }

    // Heart: an ellipse centred to the patient's left of the midline, its long axis tilted down to that side.
    public required double HeartX { get; init; }

    public required double HeartY { get; init; }

    public required double HeartRadiusX { get; init; }

    public required double HeartRadiusY { get; init; }

    public required double HeartAngle { get; init; }

    // Bones.
    public required double SpineHalfWidth { get; init; }

    public required double VertebraPeriod { get; init; }

    public required double RibSpacing { get; init; }

    public required double RibThickness { get; init; }

    public required double RibCurvature { get; init; }

    public required double ClavicleY { get; init; }

    public required double ClavicleThickness { get; init; }

    // Vessels: per lung, end points (distance from midline, y) of lines from the hilum.
    public required (double D, double Y)[][] Vessels { get; init; }

    // Exposure.
    public required double Background { get; init; }

    public required double Gain { get; init; }

    public required double LungAir { get; init; }

    public required double BoneDensity { get; init; }

    public required double NoiseSigma { get; init; }

    public required double HeelEffect { get; init; }

    public static ChestAnatomy Draw(SplitMix64 r)
    {
        var bodyHalfWidth = r.Range(0.37, 0.44);
        var top = r.Range(0.12, 0.17);
        var bottomRight = r.Range(0.68, 0.76);
        var vessels = new (double D, double Y)[2][];
        for (var side = 0; side < 2; side++)
        {
            vessels[side] = new (double, double)[14];
            for (var v = 0; v < vessels[side].Length; v++)
            {
                vessels[side][v] = (r.Range(0.14, bodyHalfWidth - 0.06), r.Range(top + 0.05, bottomRight - 0.05));
            }
        }

        return new ChestAnatomy
        {
            Rotation = r.Range(-0.05, 0.05),
            Scale = r.Range(0.92, 1.05),
            ShiftX = r.Range(-0.025, 0.025),
            ShiftY = r.Range(-0.03, 0.03),
            BodyHalfWidth = bodyHalfWidth,
            ShoulderY = r.Range(0.07, 0.11),
            LungTop = [top, top + r.Range(-0.01, 0.015)],
            LungBottom = [bottomRight, bottomRight + r.Range(0.0, 0.04)],
            LungMedial = [r.Range(0.045, 0.065), r.Range(0.05, 0.07)],
            LungLateral = [bodyHalfWidth - r.Range(0.035, 0.05), bodyHalfWidth - r.Range(0.035, 0.05)],
            DomeHeight = [r.Range(0.05, 0.09), r.Range(0.04, 0.08)],
            HeartX = 0.5 + r.Range(0.06, 0.09),
            HeartY = bottomRight - r.Range(0.11, 0.14),
            HeartRadiusX = r.Range(0.15, 0.18),
            HeartRadiusY = r.Range(0.11, 0.13),
            HeartAngle = r.Range(0.3, 0.55),
            SpineHalfWidth = r.Range(0.03, 0.04),
            VertebraPeriod = r.Range(0.04, 0.05),
            RibSpacing = (bottomRight - top) / r.Range(7.5, 8.5),
            RibThickness = r.Range(0.017, 0.024),
            RibCurvature = r.Range(1.3, 1.9),
            ClavicleY = top + r.Range(0.0, 0.03),
            ClavicleThickness = r.Range(0.02, 0.028),
            Vessels = vessels,
            Background = r.Range(60, 260),
            Gain = r.Range(2200, 2700),
            LungAir = r.Range(0.45, 0.6),
            BoneDensity = r.Range(0.22, 0.32),
            NoiseSigma = r.Range(12, 40),
            HeelEffect = r.Range(-0.08, 0.08),
        };
    }
}
