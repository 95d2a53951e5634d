"""The baseline every Streamlit-folium tutorial shows, on our data: one folium marker per feature.

    MINHANG_GEODATA=... streamlit run bench/naive_app.py

It loads the geodata folder with geopandas (cached, as tutorials do), filters it with the same
widgets as the real app (region checkboxes, categories, a search box), and on every rerun builds a
new ``folium.Map`` with a Marker (points) or a GeoJson (lines, areas) per matching feature, each with
a tooltip and a popup, and hands it to ``st_folium``. ``bench/bench_dashboard.py`` times it beside
the real app.
"""

from __future__ import annotations

import os
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


@st.cache_data
def load(folder: str) -> gpd.GeoDataFrame:
    """Every ``*.geojson`` in the folder, in one frame."""
    frames = [gpd.read_file(path) for path in sorted(Path(folder).glob("*.geojson"))]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


data = load(os.environ.get("MINHANG_GEODATA") or str(GEODATA))
st.title("Minhang strategy map (naive)")
regions = [r for r in ("north", "south", "central") if st.sidebar.checkbox(r, value=True, key=f"region_{r}")]
categories = st.sidebar.multiselect("Categories", sorted(data["category"].unique()),
                                    default=sorted(data["category"].unique()), key="categories")
query = st.sidebar.text_input("Search", key="q")
shown = data[data["region"].isin(regions) & data["category"].isin(categories)]
if query:
    shown = shown[shown["name_en"].str.contains(query, case=False) | shown["name_zh"].str.contains(query)]
st.sidebar.write(f"{len(shown)} features")

m = folium.Map(location=[31.11, 121.40], zoom_start=11)
for _, row in shown.iterrows():
    if row.geometry.geom_type == "Point":
        folium.Marker([row.geometry.y, row.geometry.x], tooltip=row["name_en"], popup=row["name_zh"]).add_to(m)
    else:
        folium.GeoJson(row.geometry.__geo_interface__, tooltip=row["name_en"], popup=row["name_zh"]).add_to(m)
st_folium(m, width=1000, height=650, returned_objects=["last_object_clicked"])
st.dataframe(shown.drop(columns="geometry"))
