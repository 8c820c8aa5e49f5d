# The user's quadratic integrate-and-fire neuron at three currents around its rheobase.
# gnuplot -e "dir='out/custom_model'" examples/plot/custom_model.gp
set terminal pngcairo size 1000,450 font ",11" noenhanced
set output dir.'/custom_model.png'
set datafile separator ','
set key outside right top
set xlabel 'time (ms)'
set ylabel 'V_m (mV)'
set title 'a user-written model (examples/qif.hpp): quadratic integrate-and-fire, rheobase 93.75 pA'
set xrange [0:300]
set grid
plot dir.'/qif_90.csv' using 2:3 skip 1 with lines lw 1.2 title 'I_e = 90 pA', \
     dir.'/qif_100.csv' using 2:3 skip 1 with lines lw 1.2 title 'I_e = 100 pA', \
     dir.'/qif_200.csv' using 2:3 skip 1 with lines lw 1.2 title 'I_e = 200 pA'
