"""The floor under our map, for bench/first_load.py --vs-bare: a page holding one title and streamlit-folium's
map with nothing on it (Leaflet from our vendored copies, no tiles), as small as a map on this stack gets."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from layers.maps.assets import localise

st.set_page_config(layout="wide")
st.title("Minhang strategy map")
fmap = folium.Map(location=[31.1, 121.4], zoom_start=11, tiles=None)
localise(fmap)
st_folium(fmap, height=700, use_container_width=True, returned_objects=[])
