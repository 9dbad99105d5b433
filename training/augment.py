"""On-the-fly augmentation of image batches with one affine warp per image (torch only, no torchvision)."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def random_affine(
    x: torch.Tensor,
    rotation_deg: float = 15.0,
    zoom: float = 0.1,
    shift: float = 0.1,
    shear_deg: float = 0.1,
    flip: bool = True,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Keras ImageDataGenerator's rotation_range, zoom_range (per axis, [1-z, 1+z]), width/height_shift_range
    (fraction of the size), shear_range (degrees) and horizontal_flip, with fill_mode='nearest' (border)."""
    n = x.shape[0]
    u = lambda lo, hi: torch.rand(n, generator=generator) * (hi - lo) + lo  # noqa: E731
    theta = u(-rotation_deg, rotation_deg) * math.pi / 180
    shear = u(-shear_deg, shear_deg) * math.pi / 180
    zx, zy = u(1 - zoom, 1 + zoom), u(1 - zoom, 1 + zoom)
    tx, ty = u(-shift, shift) * 2, u(-shift, shift) * 2  # grid coordinates span [-1, 1]
    sign = torch.where(torch.rand(n, generator=generator) < 0.5, -1.0, 1.0) if flip else torch.ones(n)
    cos, sin = torch.cos(theta), torch.sin(theta)
    # Output-to-input map: flip, then rotate, shear and zoom, then shift.
    a = torch.zeros(n, 2, 3)
    a[:, 0, 0] = cos * zx * sign
    a[:, 0, 1] = (-sin + torch.tan(shear) * cos) * zy
    a[:, 1, 0] = sin * zx * sign
    a[:, 1, 1] = (cos + torch.tan(shear) * sin) * zy
    a[:, 0, 2] = tx
    a[:, 1, 2] = ty
    grid = F.affine_grid(a, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)


def random_erasing(x: torch.Tensor, p: float = 0.5, area: tuple[float, float] = (0.02, 0.2), generator: torch.Generator | None = None) -> torch.Tensor:
    """Zhong et al. 2020: blank a random rectangle (random values) in a fraction p of the images."""
    n, _, h, w = x.shape
    out = x.clone()
    for i in range(n):
        if torch.rand(1, generator=generator).item() >= p:
            continue
        a = (torch.rand(1, generator=generator).item() * (area[1] - area[0]) + area[0]) * h * w
        ratio = math.exp(torch.rand(1, generator=generator).item() * (math.log(3.3) - math.log(0.3)) + math.log(0.3))
        eh, ew = int(round(math.sqrt(a * ratio))), int(round(math.sqrt(a / ratio)))
        if eh >= h or ew >= w or eh < 1 or ew < 1:
            continue
        top = int(torch.randint(0, h - eh + 1, (1,), generator=generator))
        left = int(torch.randint(0, w - ew + 1, (1,), generator=generator))
        out[i, :, top : top + eh, left : left + ew] = torch.rand(1, eh, ew, generator=generator)
    return out


def webcam_photometric(
    x: torch.Tensor,
    p: float = 0.8,
    brightness: float = 0.25,
    contrast: tuple[float, float] = (0.6, 1.4),
    gamma: tuple[float, float] = (0.6, 1.6),
    blur_p: float = 0.3,
    blur_sigma: tuple[float, float] = (0.4, 1.4),
    noise: float = 0.03,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """What a webcam does to a face that FER-2013's photos rarely show: exposure and contrast off, a gamma
    curve, soft focus or motion blur at 48x48, and sensor noise. Per image, applied to a fraction p; values stay
    in [0, 1]."""
    n = x.shape[0]
    u = lambda lo, hi: (torch.rand(n, 1, 1, 1, generator=generator) * (hi - lo) + lo)  # noqa: E731
    on = (torch.rand(n, 1, 1, 1, generator=generator) < p).float()
    g = torch.exp(u(math.log(gamma[0]), math.log(gamma[1])))
    y = x.clamp(1e-4, 1).pow(g)
    mean = y.mean(dim=(2, 3), keepdim=True)
    y = (y - mean) * u(*contrast) + mean + u(-brightness, brightness)
    if blur_p > 0:
        sigma = u(*blur_sigma)
        blurred = gaussian_blur(y, sigma)
        use = (torch.rand(n, 1, 1, 1, generator=generator) < blur_p).float()
        y = use * blurred + (1 - use) * y
    y = y + torch.randn(y.shape, generator=generator) * u(0, noise)
    y = y.clamp(0, 1)
    return on * y + (1 - on) * x


def gaussian_blur(x: torch.Tensor, sigma: torch.Tensor, radius: int = 3) -> torch.Tensor:
    """Separable Gaussian blur with a per-image sigma ([N, 1, 1, 1]), edges repeated."""
    n = x.shape[0]
    t = torch.arange(-radius, radius + 1, dtype=x.dtype)
    k = torch.exp(-(t.view(1, -1) ** 2) / (2 * sigma.view(n, 1) ** 2))
    k = k / k.sum(1, keepdim=True)  # [N, 2r+1]
    padded = F.pad(x, (radius, radius, radius, radius), mode="replicate")
    # Grouped convolution: each image its own kernel.
    h = F.conv2d(padded.view(1, n, *padded.shape[2:]), k.view(n, 1, 1, -1), groups=n)
    v = F.conv2d(h, k.view(n, 1, -1, 1), groups=n)
    return v.view_as(x)
