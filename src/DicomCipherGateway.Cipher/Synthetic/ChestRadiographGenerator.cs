namespace DicomCipherGateway.Cipher.Synthetic;

/// <summary>
/// Draws synthetic chest radiographs: body outline, two lungs, heart, spine, ribs, clavicles,
/// vessels, exposure and noise, all varied by a seed and exactly reproducible from it.
/// </summary>
/// <remarks>
/// The image is an attenuation map rendered analytically per pixel (smooth edges of about a
/// pixel), so any size can be drawn without resampling. It is meant for tests, demos, key
/// generation and lung-ROI work, not for clinical realism.
/// </remarks>
public sealed class ChestRadiographGenerator
{
    private const int MinSize = 32;
    private const int MaxSize = 8192;
    private const int PosteriorRibs = 10;
    private const int AnteriorRibs = 8;

    /// <summary>Draws the radiograph of <paramref name="seed"/> at <paramref name="width"/> × <paramref name="height"/>.</summary>
    public SyntheticChestRadiograph Generate(int seed, int width = 512, int height = 512)
    {
        if (width is < MinSize or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"a synthetic radiograph is {MinSize}..{MaxSize} pixels wide");
        }

        if (height is < MinSize or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, $"a synthetic radiograph is {MinSize}..{MaxSize} pixels high");
        }

        // The seed picks the anatomy; the noise has its own stream so that it never shifts the anatomy.
        var anatomy = ChestAnatomy.Draw(new SplitMix64((ulong)(uint)seed * 0x9E3779B97F4A7C15UL));
        var noise = new SplitMix64(((ulong)(uint)seed << 32) ^ 0xD1B54A32D192ED03UL);
        var pixels = new ushort[width * height];
        var left = new byte[width * height];
        var right = new byte[width * height];
        var renderer = new Renderer(anatomy, width, height);
        for (var py = 0; py < height; py++)
        {
            for (var px = 0; px < width; px++)
            {
                var i = (py * width) + px;
                var sample = renderer.Sample(px, py);
                var value = sample.Intensity + (anatomy.NoiseSigma * Math.Sqrt(Math.Max(sample.Intensity, 1.0) / 2000.0) * noise.NextGaussian());
                pixels[i] = (ushort)Math.Clamp(Math.Round(value), 0, 4095);
                if (sample.LungSide == 1)
                {
                    left[i] = 1;
                }
                else if (sample.LungSide == 0)
                {
                    right[i] = 1;
                }
            }
        }

        MaskComponents.KeepLargest(left, width, height);
        MaskComponents.KeepLargest(right, width, height);
        return new SyntheticChestRadiograph(seed, width, height, pixels, left, right, anatomy);
    }

    /// <summary>Evaluates the attenuation model at one pixel.</summary>
    private sealed class Renderer
    {
        private readonly ChestAnatomy _a;
        private readonly int _width;
        private readonly int _height;
        private readonly double _cos;
        private readonly double _sin;
        private readonly double _edge;
        private readonly double _heartCos;
        private readonly double _heartSin;

        public Renderer(ChestAnatomy anatomy, int width, int height)
        {
            _a = anatomy;
            _width = width;
            _height = height;
            _cos = Math.Cos(anatomy.Rotation);
            _sin = Math.Sin(anatomy.Rotation);
            _edge = 1.2 / (Math.Min(width, height) * anatomy.Scale);
            _heartCos = Math.Cos(anatomy.HeartAngle);
            _heartSin = Math.Sin(anatomy.HeartAngle);
        }

        public (double Intensity, int LungSide) Sample(int px, int py)
        {
            var u = (px + 0.5) / _width;
            var v = (py + 0.5) / _height;

            // Image → anatomy: undo the patient's shift, rotation and scale.
            var ux = u - 0.5 - _a.ShiftX;
            var vy = v - 0.5 - _a.ShiftY;
            var x = 0.5 + (((_cos * ux) + (_sin * vy)) / _a.Scale);
            var y = 0.5 + (((-_sin * ux) + (_cos * vy)) / _a.Scale);
            var dx = x - 0.5;
            var d = Math.Abs(dx);
            var side = dx < 0 ? 0 : 1;

            var halfWidth = BodyHalfWidth(y);
            var body = SmoothStep(-_edge, _edge, halfWidth - d) * SmoothStep(-0.02, 0.0, y + 0.02);
            var thickness = Math.Sqrt(Math.Max(0, 1 - ((d / halfWidth) * (d / halfWidth))));
            var attenuation = body * (0.35 + (0.65 * thickness));
            if (body <= 0)
            {
                return (Expose(attenuation, v), -1);
            }

            var (heart, displaced, inHeart) = Heart(side, x, y);
            var (lung, inLung) = Lung(side, d, y);
            var lungFactor = lung * (1 - displaced);
            attenuation += 0.12 * heart;
            attenuation -= _a.LungAir * lungFactor * (0.65 + (0.35 * thickness)) * (1 - (0.25 * LungDepth(side, y)));
            attenuation += Mediastinum(dx, y);
            attenuation += Spine(d, y);
            attenuation += _a.BoneDensity * (Ribs(side, d, y, halfWidth) + Clavicle(d, y));
            if (lungFactor > 0)
            {
                attenuation += 0.04 * lungFactor * Vessels(side, d, y);
            }

            attenuation *= body;
            return (Expose(attenuation, v), inLung && !inHeart ? side : -1);
        }

        /// <summary>0 at the apex, 1 at the base: the lower zones carry more soft tissue in front of them.</summary>
        private double LungDepth(int side, double y) =>
            Math.Clamp((y - _a.LungTop[side]) / (_a.LungBottom[side] - _a.LungTop[side]), 0, 1);

        private double Expose(double attenuation, double v) =>
            _a.Background + (_a.Gain * attenuation * (1 + (_a.HeelEffect * (v - 0.5))));

        private double BodyHalfWidth(double y)
        {
            const double Neck = 0.085;
            if (y < _a.ShoulderY)
            {
                return Neck + ((_a.BodyHalfWidth - Neck) * SmoothStep(_a.ShoulderY - 0.09, _a.ShoulderY, y));
            }

            return _a.BodyHalfWidth * (1 - (0.15 * Math.Max(0, y - 0.75)));
        }

        private (double Soft, bool Inside) Lung(int side, double d, double y)
        {
            var top = _a.LungTop[side];
            var bottom = _a.LungBottom[side];
            var t = (y - top) / (bottom - top);
            var medial = _a.LungMedial[side] + (0.025 * Square(Math.Clamp(1 - t, 0, 1)));
            var lateral = medial + ((_a.LungLateral[side] - medial) * Math.Pow(Math.Sin(Math.PI / 2 * Math.Clamp(t / 0.6, 0, 1)), 0.7));
            var mid = (_a.LungMedial[side] + _a.LungLateral[side]) / 2;
            var half = (_a.LungLateral[side] - _a.LungMedial[side]) / 2;
            var dome = bottom - (_a.DomeHeight[side] * Math.Max(0, 1 - Square((d - mid) / half)));
            var margin = Math.Min(Math.Min(d - medial, lateral - d), Math.Min(y - top, dome - y));
            return (SmoothStep(-_edge, 3 * _edge, margin), margin > 0);
        }

        /// <summary>
        /// The heart's shadow and the lung it displaces: the ellipse, and below its middle the
        /// strip down to the diaphragm on the patient's left, since the heart rests on it there.
        /// </summary>
        private (double Shadow, double Displaced, bool Inside) Heart(int side, double x, double y)
        {
            var hx = x - _a.HeartX;
            var hy = y - _a.HeartY;
            var rx = ((_heartCos * hx) + (_heartSin * hy)) / _a.HeartRadiusX;
            var ry = ((-_heartSin * hx) + (_heartCos * hy)) / _a.HeartRadiusY;
            var q = Math.Sqrt((rx * rx) + (ry * ry));
            var e = _edge / Math.Min(_a.HeartRadiusX, _a.HeartRadiusY);
            var ellipse = SmoothStep(1 + e, 1 - e, q);
            var strip = side == 1 ? SmoothStep(1 + e, 1 - e, Math.Abs(rx)) * SmoothStep(-e, e, ry) : 0;
            var shadow = ellipse * (0.75 + (0.25 * Math.Sqrt(Math.Max(0, 1 - (q * q)))));
            return (shadow, Math.Max(ellipse, strip), q < 1 || (side == 1 && Math.Abs(rx) < 1 && ry > 0));
        }

        private double Mediastinum(double dx, double y)
        {
            var top = Math.Min(_a.LungTop[0], _a.LungTop[1]);

            // Aortic knob: a round bulge to the patient's left above the heart.
            var kx = dx - 0.045;
            var ky = y - (top + 0.17);
            var knob = 0.12 * SmoothStep(0.032, 0.026, Math.Sqrt((kx * kx) + (ky * ky)));

            // Trachea: a dark air column in the midline of the neck and upper chest.
            var trachea = y < top + 0.2 ? -0.12 * SmoothStep(0.014, 0.008, Math.Abs(dx)) * SmoothStep(top + 0.2, top + 0.14, y) : 0;
            return knob + trachea;
        }

        private double Spine(double d, double y)
        {
            if (d > _a.SpineHalfWidth + _edge || y < _a.ShoulderY - 0.06)
            {
                return 0;
            }

            var phase = y / _a.VertebraPeriod;
            var bodies = 0.75 + (0.25 * Math.Cos(2 * Math.PI * phase));
            var pedicles = 1 + (0.3 * SmoothStep(0.6, 0.9, d / _a.SpineHalfWidth));
            return 0.16 * SmoothStep(-_edge, _edge, _a.SpineHalfWidth - d) * bodies * pedicles;
        }

        private double Ribs(int side, double d, double y, double halfWidth)
        {
            if (d < _a.SpineHalfWidth || d > halfWidth)
            {
                return 0;
            }

            var top = _a.LungTop[side];
            var sum = 0.0;
            var e = d - _a.SpineHalfWidth;
            // Below the diaphragm the abdomen's soft tissue hides most of the lower ribs.
            var bottom = _a.LungBottom[side];
            var lateralFade = SmoothStep(halfWidth, halfWidth - 0.02, d) * (1 - (0.6 * SmoothStep(bottom, bottom + 0.06, y)));

            // Posterior ribs: from the spine, slightly up, then curving down towards the side.
            for (var k = 0; k < PosteriorRibs; k++)
            {
                var centre = top - 0.025 + (k * _a.RibSpacing) - (0.12 * e) + (_a.RibCurvature * e * e);
                sum += Band(y - centre, _a.RibThickness * (1 + (0.6 * e))) * lateralFade;
            }

            // Anterior ribs: fainter, from the side down towards the sternum, stopping at the cartilage.
            if (d > 0.15)
            {
                var fromSide = halfWidth - d;
                for (var k = 0; k < AnteriorRibs; k++)
                {
                    var centre = top + 0.03 + (k * _a.RibSpacing) + (0.5 * fromSide);
                    sum += 0.3 * Band(y - centre, 0.8 * _a.RibThickness) * lateralFade * SmoothStep(0.15, 0.19, d);
                }
            }

            return sum;
        }

        private double Clavicle(double d, double y)
        {
            if (d is < 0.015 or > 0.31)
            {
                return 0;
            }

            var e = (d - 0.015) / 0.29;
            var centre = _a.ClavicleY - (0.045 * e) + (0.012 * Math.Sin(2 * Math.PI * e));
            return 1.3 * Band(y - centre, _a.ClavicleThickness) * SmoothStep(0.31, 0.28, d);
        }

        /// <summary>A bone seen edge-on: brighter cortex at both borders, soft edges.</summary>
        private double Band(double offset, double thickness)
        {
            var s = Math.Abs(offset) / (thickness / 2);
            if (s > 1.3)
            {
                return 0;
            }

            var c = Math.Min(s, 1) * Math.Min(s, 1);
            var cortex = 0.55 + (0.45 * c * c);
            return cortex * SmoothStep(1 + (_edge / thickness * 2), 1 - (_edge / thickness * 2), s);
        }

        private double Vessels(int side, double d, double y)
        {
            var hilumD = 0.1;
            var hilumY = _a.LungTop[side] + (0.42 * (_a.LungBottom[side] - _a.LungTop[side]));
            var sum = 0.0;
            foreach (var (endD, endY) in _a.Vessels[side])
            {
                var vx = endD - hilumD;
                var vy = endY - hilumY;
                var length2 = (vx * vx) + (vy * vy);
                var s = Math.Clamp((((d - hilumD) * vx) + ((y - hilumY) * vy)) / length2, 0, 1);
                var ox = d - (hilumD + (s * vx));
                var oy = y - (hilumY + (s * vy));
                var width = 0.006 * (1 - (0.7 * s));
                var dist2 = ((ox * ox) + (oy * oy)) / (width * width);
                if (dist2 < 9)
                {
                    sum += Math.Exp(-dist2) * (1 - (0.5 * s));
                }
            }

            return Math.Min(sum, 1.5);
        }

        private static double Square(double x) => x * x;

        /// <summary>0 below <paramref name="from"/>, 1 beyond <paramref name="to"/> (either order), smooth between.</summary>
        private static double SmoothStep(double from, double to, double x)
        {
            var t = Math.Clamp((x - from) / (to - from), 0, 1);
            return t * t * (3 - (2 * t));
        }
    }
}
