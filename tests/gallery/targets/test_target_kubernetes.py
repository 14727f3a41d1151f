"""Kubernetes (ingress-nginx): each rule of the default backend and of the ConfigMap catches its violation."""

from __future__ import annotations

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.kubernetes import DEFAULT_BACKEND, INGRESS_CONFIGMAP


def test_kubernetes_rules(gallery: Gallery, codes: tuple[int, ...]) -> None:
    backend = text_of(gallery, "kubernetes/default-backend.conf")
    assert findings(DEFAULT_BACKEND, backend, codes) == []
    assert any("x-code" in r and "503" in r for r in broken(
        DEFAULT_BACKEND, backend.replace("return 503;", "return 200;"), codes))
    # The backend is an nginx server: nginx's error_page rules apply to it, named for Kubernetes.
    assert any(r.startswith("kubernetes.internal-location") for r in broken(
        DEFAULT_BACKEND, backend.replace("internal;", ""), codes))
    configmap = text_of(gallery, "kubernetes/ingress-nginx-configmap.yaml")
    assert findings(INGRESS_CONFIGMAP, configmap, codes) == []
    assert any("502" in r for r in broken(INGRESS_CONFIGMAP, configmap.replace("502,", ""), codes))
